-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "hasCriticalFindings" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "qualityScore" INTEGER,
ADD COLUMN     "reportStatus" "ReportStatus";

-- CreateIndex
CREATE INDEX "Submission_status_hasCriticalFindings_dueAt_idx" ON "Submission"("status", "hasCriticalFindings", "dueAt");
