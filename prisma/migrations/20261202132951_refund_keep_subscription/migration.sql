-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "keepSubscription" BOOLEAN NOT NULL DEFAULT false;
