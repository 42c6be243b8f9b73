-- IF NOT EXISTS: a bench database built before this migration may have been given these indexes by hand.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "License_subscriptionId_idx" ON "License"("subscriptionId");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "License_expiresAt_idx" ON "License"("expiresAt");
