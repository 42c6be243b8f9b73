-- AlterTable
ALTER TABLE "Purchase" ADD COLUMN     "settlementAmount" INTEGER,
ADD COLUMN     "settlementCurrency" TEXT;
