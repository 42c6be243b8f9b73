-- The review queue's tabs (apps/api/src/modules/moderation/list-queue.ts). Partial indexes over
-- pending submissions only, so Prisma's diff leaves them alone (not expressible in schema.prisma).

-- Claimed pending submissions by claim expiry: the tab counts "unclaimed" (pending minus the
-- claims that have not ended) and "mine", and the claim limit's count, read only this small index
-- instead of every open submission's claim columns (apps/api/bench/queue.bench.ts).
CREATE INDEX "Submission_pending_claim_idx" ON "Submission" ("claimExpiresAt", "claimedById") WHERE "status" = 'PENDING' AND "claimedById" IS NOT NULL;

-- One creator's pending submissions in queue order: the "one creator" first page reads its 25 rows
-- in order instead of all the creator's submissions and a sort.
CREATE INDEX "Submission_pending_creator_idx" ON "Submission" ("creatorId", "dueAt", "id") WHERE "status" = 'PENDING';
