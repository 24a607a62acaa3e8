-- DropIndex
DROP INDEX "Secret_createdAt_idx";

-- DropIndex
DROP INDEX "Secret_lastRotatedAt_idx";

-- DropIndex
DROP INDEX "Secret_rotationDueAt_idx";

-- CreateIndex
CREATE INDEX "Secret_rotationDueAt_id_idx" ON "Secret"("rotationDueAt", "id");

-- CreateIndex
CREATE INDEX "Secret_createdAt_id_idx" ON "Secret"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Secret_lastRotatedAt_id_idx" ON "Secret"("lastRotatedAt", "id");

-- CreateIndex
CREATE INDEX "Secret_expiresAt_id_idx" ON "Secret"("expiresAt", "id");

-- CreateIndex
CREATE INDEX "Secret_lastUsedAt_id_idx" ON "Secret"("lastUsedAt", "id");
