-- AlterTable
ALTER TABLE "CreatorAccount" ADD COLUMN     "chargesEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "disabledReason" TEXT,
ADD COLUMN     "requirementsCurrentlyDue" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "requirementsPastDue" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "stripeSyncedAt" TIMESTAMP(3),
ADD COLUMN     "transfersCapability" TEXT;
