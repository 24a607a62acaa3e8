-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('open', 'triaged', 'resolved', 'false_positive', 'accepted_risk');

-- CreateEnum
CREATE TYPE "FindingSeverity" AS ENUM ('critical', 'high', 'medium', 'low');

-- AlterTable
ALTER TABLE "SecretVersion" ADD COLUMN     "valueFingerprints" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Connector" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL DEFAULT '{}',
    "credentialsPath" TEXT,
    "ownerTeamId" UUID,
    "backendId" UUID,
    "schedule" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "state" JSONB NOT NULL DEFAULT '{}',
    "lastRunAt" TIMESTAMP(3),
    "lastStatus" "JobStatus",
    "lastError" TEXT,
    "lastJobRunId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryRun" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "jobRunId" UUID NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "stats" JSONB NOT NULL DEFAULT '{}',
    "errors" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DiscoveryRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "severity" "FindingSeverity" NOT NULL,
    "secretType" TEXT NOT NULL,
    "preview" TEXT NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'open',
    "acceptedUntil" TIMESTAMP(3),
    "triageNote" TEXT NOT NULL DEFAULT '',
    "triagedById" TEXT,
    "triagedAt" TIMESTAMP(3),
    "ownerTeamId" UUID,
    "secretId" UUID,
    "matchesStored" BOOLEAN NOT NULL DEFAULT false,
    "repository" TEXT NOT NULL DEFAULT '',
    "locationCount" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FindingLocation" (
    "id" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "connectorId" UUID,
    "source" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "commit" TEXT NOT NULL DEFAULT '',
    "author" TEXT,
    "committedAt" TIMESTAMP(3),
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FindingLocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "sans" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "issuer" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "selfSigned" BOOLEAN NOT NULL DEFAULT false,
    "isCa" BOOLEAN NOT NULL DEFAULT false,
    "chainIndex" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "managed" BOOLEAN NOT NULL DEFAULT false,
    "connectorId" UUID,
    "secretId" UUID,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatabaseAccount" (
    "id" UUID NOT NULL,
    "connectorId" UUID NOT NULL,
    "engine" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "canLogin" BOOLEAN NOT NULL,
    "superuser" BOOLEAN NOT NULL,
    "passwordSet" BOOLEAN,
    "passwordExpiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "looksUnused" BOOLEAN NOT NULL DEFAULT false,
    "unusedReason" TEXT NOT NULL DEFAULT '',
    "details" JSONB NOT NULL DEFAULT '{}',
    "secretId" UUID,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "goneAt" TIMESTAMP(3),

    CONSTRAINT "DatabaseAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Connector_name_key" ON "Connector"("name");

-- CreateIndex
CREATE INDEX "Connector_kind_idx" ON "Connector"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "DiscoveryRun_jobRunId_key" ON "DiscoveryRun"("jobRunId");

-- CreateIndex
CREATE INDEX "DiscoveryRun_connectorId_createdAt_idx" ON "DiscoveryRun"("connectorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_fingerprint_key" ON "Finding"("fingerprint");

-- CreateIndex
CREATE INDEX "Finding_status_severity_lastSeenAt_idx" ON "Finding"("status", "severity", "lastSeenAt");

-- CreateIndex
CREATE INDEX "Finding_ownerTeamId_status_idx" ON "Finding"("ownerTeamId", "status");

-- CreateIndex
CREATE INDEX "Finding_ruleId_idx" ON "Finding"("ruleId");

-- CreateIndex
CREATE INDEX "Finding_repository_idx" ON "Finding"("repository");

-- CreateIndex
CREATE INDEX "Finding_lastSeenAt_id_idx" ON "Finding"("lastSeenAt", "id");

-- CreateIndex
CREATE INDEX "Finding_secretId_idx" ON "Finding"("secretId");

-- CreateIndex
CREATE INDEX "FindingLocation_repository_idx" ON "FindingLocation"("repository");

-- CreateIndex
CREATE INDEX "FindingLocation_connectorId_idx" ON "FindingLocation"("connectorId");

-- CreateIndex
CREATE UNIQUE INDEX "FindingLocation_findingId_repository_file_line_commit_key" ON "FindingLocation"("findingId", "repository", "file", "line", "commit");

-- CreateIndex
CREATE INDEX "Certificate_notAfter_idx" ON "Certificate"("notAfter");

-- CreateIndex
CREATE INDEX "Certificate_connectorId_idx" ON "Certificate"("connectorId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_fingerprintSha256_location_key" ON "Certificate"("fingerprintSha256", "location");

-- CreateIndex
CREATE INDEX "DatabaseAccount_secretId_idx" ON "DatabaseAccount"("secretId");

-- CreateIndex
CREATE UNIQUE INDEX "DatabaseAccount_connectorId_name_key" ON "DatabaseAccount"("connectorId", "name");

-- CreateIndex
CREATE INDEX "SecretVersion_valueFingerprints_idx" ON "SecretVersion" USING GIN ("valueFingerprints");

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connector" ADD CONSTRAINT "Connector_backendId_fkey" FOREIGN KEY ("backendId") REFERENCES "Backend"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscoveryRun" ADD CONSTRAINT "DiscoveryRun_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingLocation" ADD CONSTRAINT "FindingLocation_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FindingLocation" ADD CONSTRAINT "FindingLocation_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatabaseAccount" ADD CONSTRAINT "DatabaseAccount_connectorId_fkey" FOREIGN KEY ("connectorId") REFERENCES "Connector"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatabaseAccount" ADD CONSTRAINT "DatabaseAccount_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE SET NULL ON UPDATE CASCADE;
