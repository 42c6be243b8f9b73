-- CreateEnum
CREATE TYPE "PurchaseKind" AS ENUM ('ONE_TIME', 'SUBSCRIPTION', 'OVERAGE', 'CREDIT_PACK');

-- CreateEnum
CREATE TYPE "RevenueStream" AS ENUM ('ONE_TIME', 'SUBSCRIPTION', 'OVERAGE', 'CREDITS_SOLD', 'CREDITS_USED', 'CREDITS_GRANTED');

-- CreateEnum
CREATE TYPE "TrialStatus" AS ENUM ('ACTIVE', 'CONVERTED', 'EXPIRED', 'CANCELED');

-- AlterEnum
ALTER TYPE "PricingModel" ADD VALUE 'FREE';

-- AlterEnum
ALTER TYPE "SubscriptionStatus" ADD VALUE 'TRIALING';

-- AlterEnum
ALTER TYPE "LedgerAccountType" ADD VALUE 'CREDIT_LIABILITY';

-- AlterTable
ALTER TABLE "Purchase" ADD COLUMN     "creditLicenseId" TEXT,
ADD COLUMN     "kind" "PurchaseKind" NOT NULL DEFAULT 'ONE_TIME',
ADD COLUMN     "tierId" TEXT,
ADD COLUMN     "usagePeriodStart" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "prorationCreditAmount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tierId" TEXT,
ADD COLUMN     "trialEndsAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "licenseId" TEXT,
ADD COLUMN     "stream" "RevenueStream";

-- AlterTable
ALTER TABLE "License" ADD COLUMN     "tierId" TEXT,
ADD COLUMN     "trialEndsAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PluginTier" (
    "id" TEXT NOT NULL,
    "pluginId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "priceAmount" INTEGER NOT NULL,
    "entitlements" TEXT[],
    "machineLimit" INTEGER NOT NULL DEFAULT 3,
    "trialDays" INTEGER NOT NULL DEFAULT 0,
    "quotas" JSONB NOT NULL DEFAULT '[]',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PluginTier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" TEXT NOT NULL,
    "pluginId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "buyerEmail" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "subscriptionId" TEXT,
    "status" "TrialStatus" NOT NULL DEFAULT 'ACTIVE',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "convertedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "extendedDays" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" BIGSERIAL NOT NULL,
    "licenseId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "includedQuantity" INTEGER NOT NULL DEFAULT 0,
    "creditQuantity" INTEGER NOT NULL DEFAULT 0,
    "creditAmount" INTEGER NOT NULL DEFAULT 0,
    "overageQuantity" INTEGER NOT NULL DEFAULT 0,
    "overageAmount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageCounter" (
    "licenseId" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "overageQuantity" INTEGER NOT NULL DEFAULT 0,
    "overageAmount" INTEGER NOT NULL DEFAULT 0,
    "billedPurchaseId" TEXT,
    "resetAt" TIMESTAMP(3),
    "resetCount" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageCounter_pkey" PRIMARY KEY ("licenseId","metric","periodStart")
);

-- CreateIndex
CREATE UNIQUE INDEX "PluginTier_pluginId_key_key" ON "PluginTier"("pluginId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_licenseId_key" ON "Trial"("licenseId");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_subscriptionId_key" ON "Trial"("subscriptionId");

-- CreateIndex
CREATE INDEX "Trial_status_endsAt_idx" ON "Trial"("status", "endsAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_pluginId_buyerEmail_key" ON "Trial"("pluginId", "buyerEmail");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_pluginId_fingerprint_key" ON "Trial"("pluginId", "fingerprint");

-- CreateIndex
CREATE INDEX "UsageRecord_licenseId_metric_periodStart_idx" ON "UsageRecord"("licenseId", "metric", "periodStart");

-- CreateIndex
CREATE INDEX "UsageRecord_occurredAt_idx" ON "UsageRecord"("occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_licenseId_idempotencyKey_key" ON "UsageRecord"("licenseId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "UsageCounter_periodEnd_billedPurchaseId_idx" ON "UsageCounter"("periodEnd", "billedPurchaseId");

-- CreateIndex
CREATE INDEX "Purchase_kind_createdAt_idx" ON "Purchase"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "Purchase_creditLicenseId_idx" ON "Purchase"("creditLicenseId");

-- CreateIndex
CREATE INDEX "LedgerEntry_licenseId_accountType_idx" ON "LedgerEntry"("licenseId", "accountType");

-- CreateIndex
CREATE INDEX "LedgerEntry_stream_occurredAt_idx" ON "LedgerEntry"("stream", "occurredAt");

-- AddForeignKey
ALTER TABLE "PluginTier" ADD CONSTRAINT "PluginTier_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Purchase" ADD CONSTRAINT "Purchase_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PluginTier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Purchase" ADD CONSTRAINT "Purchase_creditLicenseId_fkey" FOREIGN KEY ("creditLicenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PluginTier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "License" ADD CONSTRAINT "License_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PluginTier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "PluginTier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageCounter" ADD CONSTRAINT "UsageCounter_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: existing rows get their kind and revenue stream. A purchase of a subscription
-- was a SUBSCRIPTION payment; every other purchase was ONE_TIME (the default). Ledger entries of a
-- purchase's postings carry its stream (payout postings have no purchase and stay null). The
-- ledger is append-only: its row trigger is lifted for this one backfill of a new column only.
UPDATE "Purchase" SET "kind" = 'SUBSCRIPTION' WHERE "subscriptionId" IS NOT NULL;
ALTER TABLE "LedgerEntry" DISABLE TRIGGER "LedgerEntry_append_only";
UPDATE "LedgerEntry" e SET "stream" = (CASE p."kind" WHEN 'SUBSCRIPTION' THEN 'SUBSCRIPTION' ELSE 'ONE_TIME' END)::"RevenueStream"
  FROM "LedgerTransaction" t JOIN "Purchase" p ON p.id = t."purchaseId"
  WHERE t.id = e."transactionId";
ALTER TABLE "LedgerEntry" ENABLE TRIGGER "LedgerEntry_append_only";

-- Usage reports are append-only, as the ledger and the audit log are: a correction is support's
-- quota reset (UsageCounter), never an edit of what a client reported.
CREATE TRIGGER "UsageRecord_append_only" BEFORE UPDATE OR DELETE ON "UsageRecord"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER "UsageRecord_no_truncate" BEFORE TRUNCATE ON "UsageRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_append_only();
