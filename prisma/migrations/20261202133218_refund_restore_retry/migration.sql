-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "restoreRetryAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Refund_restoreRetryAt_idx" ON "Refund"("restoreRetryAt");
