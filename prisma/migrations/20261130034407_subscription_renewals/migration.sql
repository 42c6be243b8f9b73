-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "billingAnchor" TIMESTAMP(3),
ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "failedRenewalAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "nextRenewalAt" TIMESTAMP(3),
ADD COLUMN     "periodNumber" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "renewalLockedUntil" TIMESTAMP(3),
ADD COLUMN     "stripeCustomerId" TEXT,
ADD COLUMN     "stripePaymentMethodId" TEXT;

-- CreateIndex
CREATE INDEX "Subscription_nextRenewalAt_idx" ON "Subscription"("nextRenewalAt");

-- CreateIndex
CREATE INDEX "Subscription_buyerEmail_idx" ON "Subscription"("buyerEmail");
