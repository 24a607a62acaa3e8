-- CreateEnum
CREATE TYPE "VersionStage" AS ENUM ('current', 'pending', 'previous');

-- CreateEnum
CREATE TYPE "KeyVersionStatus" AS ENUM ('active', 'retired');

-- CreateEnum
CREATE TYPE "PrincipalType" AS ENUM ('user', 'team', 'identity');

-- CreateEnum
CREATE TYPE "GrantSource" AS ENUM ('policy', 'request', 'break_glass', 'manual');

-- CreateTable
CREATE TABLE "SecretVersion" (
    "id" UUID NOT NULL,
    "secretId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "stage" "VersionStage",
    "ciphertext" BYTEA,
    "nonce" BYTEA,
    "wrappedKey" BYTEA,
    "keyVersionId" UUID NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "destroyedAt" TIMESTAMP(3),

    CONSTRAINT "SecretVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KeyVersion" (
    "id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "keyRef" TEXT NOT NULL,
    "status" "KeyVersionStatus" NOT NULL DEFAULT 'active',
    "check" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "KeyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkloadIdentity" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "applicationId" UUID NOT NULL,
    "environment" "Environment" NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretHash" TEXT,
    "clientSecretPrefix" TEXT,
    "jwtIssuer" TEXT,
    "jwksUrl" TEXT,
    "jwtAudience" TEXT,
    "jwtSubjects" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "tokenTtlSeconds" INTEGER NOT NULL DEFAULT 3600,
    "tokenMaxTtlSeconds" INTEGER NOT NULL DEFAULT 86400,
    "disabledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkloadIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessToken" (
    "id" UUID NOT NULL,
    "identityId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "accessor" TEXT NOT NULL,
    "authMethod" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "maxExpiresAt" TIMESTAMP(3) NOT NULL,
    "renewCount" INTEGER NOT NULL DEFAULT 0,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "lastIp" TEXT,

    CONSTRAINT "AccessToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Policy" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "rules" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyAttachment" (
    "id" UUID NOT NULL,
    "policyId" UUID NOT NULL,
    "identityId" UUID,
    "teamId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Grant" (
    "id" UUID NOT NULL,
    "principalType" "PrincipalType" NOT NULL,
    "userId" UUID,
    "teamId" UUID,
    "identityId" UUID,
    "secretId" UUID,
    "pathPattern" TEXT,
    "capabilities" TEXT[],
    "source" "GrantSource" NOT NULL DEFAULT 'manual',
    "reason" TEXT NOT NULL DEFAULT '',
    "grantedById" TEXT,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Grant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecretVersion_secretId_stage_idx" ON "SecretVersion"("secretId", "stage");

-- CreateIndex
CREATE INDEX "SecretVersion_keyVersionId_idx" ON "SecretVersion"("keyVersionId");

-- CreateIndex
CREATE UNIQUE INDEX "SecretVersion_secretId_version_key" ON "SecretVersion"("secretId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "KeyVersion_number_key" ON "KeyVersion"("number");

-- CreateIndex
CREATE UNIQUE INDEX "WorkloadIdentity_name_key" ON "WorkloadIdentity"("name");

-- CreateIndex
CREATE UNIQUE INDEX "WorkloadIdentity_clientId_key" ON "WorkloadIdentity"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkloadIdentity_applicationId_environment_key" ON "WorkloadIdentity"("applicationId", "environment");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_tokenHash_key" ON "AccessToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "AccessToken_accessor_key" ON "AccessToken"("accessor");

-- CreateIndex
CREATE INDEX "AccessToken_identityId_issuedAt_idx" ON "AccessToken"("identityId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_name_key" ON "Policy"("name");

-- CreateIndex
CREATE INDEX "PolicyAttachment_identityId_idx" ON "PolicyAttachment"("identityId");

-- CreateIndex
CREATE INDEX "PolicyAttachment_teamId_idx" ON "PolicyAttachment"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyId_identityId_key" ON "PolicyAttachment"("policyId", "identityId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyAttachment_policyId_teamId_key" ON "PolicyAttachment"("policyId", "teamId");

-- CreateIndex
CREATE INDEX "Grant_userId_idx" ON "Grant"("userId");

-- CreateIndex
CREATE INDEX "Grant_teamId_idx" ON "Grant"("teamId");

-- CreateIndex
CREATE INDEX "Grant_identityId_idx" ON "Grant"("identityId");

-- CreateIndex
CREATE INDEX "Grant_secretId_idx" ON "Grant"("secretId");

-- AddForeignKey
ALTER TABLE "SecretVersion" ADD CONSTRAINT "SecretVersion_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecretVersion" ADD CONSTRAINT "SecretVersion_keyVersionId_fkey" FOREIGN KEY ("keyVersionId") REFERENCES "KeyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkloadIdentity" ADD CONSTRAINT "WorkloadIdentity_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccessToken" ADD CONSTRAINT "AccessToken_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "WorkloadIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "WorkloadIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyAttachment" ADD CONSTRAINT "PolicyAttachment_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "WorkloadIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Grant" ADD CONSTRAINT "Grant_secretId_fkey" FOREIGN KEY ("secretId") REFERENCES "Secret"("id") ON DELETE CASCADE ON UPDATE CASCADE;
