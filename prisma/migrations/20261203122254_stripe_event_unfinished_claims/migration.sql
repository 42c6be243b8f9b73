-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "unfinishedClaims" INTEGER NOT NULL DEFAULT 0;
