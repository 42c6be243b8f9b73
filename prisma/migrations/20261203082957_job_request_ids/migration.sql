-- AlterTable
ALTER TABLE "QualityReport" ADD COLUMN     "requestId" TEXT;

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "requestId" TEXT;
