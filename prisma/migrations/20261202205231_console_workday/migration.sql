-- AlterTable
ALTER TABLE "ReviewDecision" ADD COLUMN     "overrideReason" TEXT;

-- AlterTable
ALTER TABLE "Dispute" ADD COLUMN     "evidence" JSONB,
ADD COLUMN     "evidenceSubmissionCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "evidenceSubmittedAt" TIMESTAMP(3),
ADD COLUMN     "hasEvidence" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isEvidencePastDue" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "License" ADD COLUMN     "replacesLicenseId" TEXT;

-- CreateTable
CREATE TABLE "StripeEventAttempt" (
    "id" BIGSERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "worker" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "outcome" "StripeEventStatus" NOT NULL,
    "error" TEXT,

    CONSTRAINT "StripeEventAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LicenseValidation" (
    "id" BIGSERIAL NOT NULL,
    "licenseId" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "code" TEXT NOT NULL,
    "fingerprint" TEXT,
    "ipPrefix" TEXT,
    "userAgent" TEXT,
    "pluginVersion" TEXT,

    CONSTRAINT "LicenseValidation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StripeEventAttempt_eventId_startedAt_idx" ON "StripeEventAttempt"("eventId", "startedAt");

-- CreateIndex
CREATE INDEX "LicenseValidation_licenseId_occurredAt_idx" ON "LicenseValidation"("licenseId", "occurredAt");

-- CreateIndex
CREATE INDEX "LicenseValidation_code_occurredAt_idx" ON "LicenseValidation"("code", "occurredAt");

-- CreateIndex
CREATE INDEX "LicenseValidation_occurredAt_idx" ON "LicenseValidation"("occurredAt");

-- CreateIndex
CREATE INDEX "ReviewDecision_createdAt_idx" ON "ReviewDecision"("createdAt");

-- CreateIndex
CREATE INDEX "ReviewDecision_moderatorId_createdAt_idx" ON "ReviewDecision"("moderatorId", "createdAt");

-- CreateIndex
CREATE INDEX "Dispute_status_evidenceDueBy_idx" ON "Dispute"("status", "evidenceDueBy");

-- CreateIndex
CREATE UNIQUE INDEX "License_replacesLicenseId_key" ON "License"("replacesLicenseId");

-- AddForeignKey
ALTER TABLE "StripeEventAttempt" ADD CONSTRAINT "StripeEventAttempt_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "StripeEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "License" ADD CONSTRAINT "License_replacesLicenseId_fkey" FOREIGN KEY ("replacesLicenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LicenseValidation" ADD CONSTRAINT "LicenseValidation_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
