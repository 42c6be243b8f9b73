-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('PUBLISHED', 'HELD', 'HIDDEN', 'DELETED');

-- CreateEnum
CREATE TYPE "ReviewSignal" AS ENUM ('SECRET', 'PERSONAL_DATA', 'LINK', 'REPEATED_TEXT', 'BURST', 'LANGUAGE');

-- CreateEnum
CREATE TYPE "ReviewReportReason" AS ENUM ('SPAM', 'LANGUAGE', 'NOT_ABOUT_PLUGIN', 'BUG_REPORT', 'PERSONAL_DATA', 'SECRET', 'ABUSE', 'OTHER');

-- CreateEnum
CREATE TYPE "ReviewModerationAction" AS ENUM ('KEEP', 'HIDE', 'DELETE');

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "pluginId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "licenseId" TEXT NOT NULL,
    "buyerEmail" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "pluginVersion" TEXT,
    "status" "ReviewStatus" NOT NULL DEFAULT 'PUBLISHED',
    "signals" "ReviewSignal"[],
    "textHash" TEXT,
    "queuedAt" TIMESTAMP(3),
    "reportCount" INTEGER NOT NULL DEFAULT 0,
    "claimedById" TEXT,
    "claimExpiresAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewRevision" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "rating" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "pluginVersion" TEXT,
    "signals" "ReviewSignal"[],
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewReply" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewReport" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "reason" "ReviewReportReason" NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reporterUserId" TEXT,
    "reporterLicenseId" TEXT,
    "reporterKey" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewModerationReason" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "cannedResponse" TEXT NOT NULL,
    "appliesTo" "ReviewModerationAction" NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "ReviewModerationReason_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewModeration" (
    "id" TEXT NOT NULL,
    "reviewId" TEXT NOT NULL,
    "moderatorId" TEXT NOT NULL,
    "action" "ReviewModerationAction" NOT NULL,
    "reasonId" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "fromStatus" "ReviewStatus" NOT NULL,
    "toStatus" "ReviewStatus" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewModeration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PluginRating" (
    "pluginId" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "sum" INTEGER NOT NULL DEFAULT 0,
    "stars1" INTEGER NOT NULL DEFAULT 0,
    "stars2" INTEGER NOT NULL DEFAULT 0,
    "stars3" INTEGER NOT NULL DEFAULT 0,
    "stars4" INTEGER NOT NULL DEFAULT 0,
    "stars5" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PluginRating_pkey" PRIMARY KEY ("pluginId")
);

-- CreateIndex
CREATE INDEX "Review_pluginId_status_createdAt_id_idx" ON "Review"("pluginId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Review_creatorId_createdAt_idx" ON "Review"("creatorId", "createdAt");

-- CreateIndex
CREATE INDEX "Review_queuedAt_id_idx" ON "Review"("queuedAt", "id");

-- CreateIndex
CREATE INDEX "Review_textHash_idx" ON "Review"("textHash");

-- CreateIndex
CREATE INDEX "Review_claimedById_claimExpiresAt_idx" ON "Review"("claimedById", "claimExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_pluginId_buyerEmail_key" ON "Review"("pluginId", "buyerEmail");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewRevision_reviewId_revision_key" ON "ReviewRevision"("reviewId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewReply_reviewId_key" ON "ReviewReply"("reviewId");

-- CreateIndex
CREATE INDEX "ReviewReport_reviewId_resolvedAt_idx" ON "ReviewReport"("reviewId", "resolvedAt");

-- CreateIndex
CREATE INDEX "ReviewReport_reporterKey_createdAt_idx" ON "ReviewReport"("reporterKey", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewReport_reviewId_reporterKey_key" ON "ReviewReport"("reviewId", "reporterKey");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewModerationReason_code_key" ON "ReviewModerationReason"("code");

-- CreateIndex
CREATE INDEX "ReviewModeration_reviewId_createdAt_idx" ON "ReviewModeration"("reviewId", "createdAt");

-- CreateIndex
CREATE INDEX "ReviewModeration_moderatorId_createdAt_idx" ON "ReviewModeration"("moderatorId", "createdAt");

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_creatorId_fkey" FOREIGN KEY ("creatorId") REFERENCES "CreatorAccount"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_licenseId_fkey" FOREIGN KEY ("licenseId") REFERENCES "License"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_claimedById_fkey" FOREIGN KEY ("claimedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewRevision" ADD CONSTRAINT "ReviewRevision_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReply" ADD CONSTRAINT "ReviewReply_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReply" ADD CONSTRAINT "ReviewReply_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReport" ADD CONSTRAINT "ReviewReport_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewReport" ADD CONSTRAINT "ReviewReport_reporterUserId_fkey" FOREIGN KEY ("reporterUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewModeration" ADD CONSTRAINT "ReviewModeration_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewModeration" ADD CONSTRAINT "ReviewModeration_moderatorId_fkey" FOREIGN KEY ("moderatorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewModeration" ADD CONSTRAINT "ReviewModeration_reasonId_fkey" FOREIGN KEY ("reasonId") REFERENCES "ReviewModerationReason"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PluginRating" ADD CONSTRAINT "PluginRating_pluginId_fkey" FOREIGN KEY ("pluginId") REFERENCES "Plugin"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Review history and moderation decisions are append-only, like the audit log.
CREATE TRIGGER "ReviewRevision_append_only" BEFORE UPDATE OR DELETE ON "ReviewRevision"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER "ReviewModeration_append_only" BEFORE UPDATE OR DELETE ON "ReviewModeration"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();

-- A rating is 1 to 5 stars, whatever writes it.
ALTER TABLE "Review" ADD CONSTRAINT "Review_rating_range" CHECK ("rating" BETWEEN 1 AND 5);
ALTER TABLE "ReviewRevision" ADD CONSTRAINT "ReviewRevision_rating_range" CHECK ("rating" BETWEEN 1 AND 5);

-- The moderation queue reads only queued reviews (about 2 % of them): its first page and its tab
-- counts come from this partial index alone (apps/api/bench/reviews.bench.ts: the tab counts read
-- ~200 pages instead of ~15k at 1M reviews). Not expressible in schema.prisma (partial, INCLUDE).
CREATE INDEX "Review_queue_idx" ON "Review" ("queuedAt", "id") INCLUDE ("status", "reportCount", "signals", "claimedById", "claimExpiresAt", "pluginId") WHERE "queuedAt" IS NOT NULL;
-- A creator's published ratings over time (reputation, the creator's Reviews page) without visiting
-- the table. Partial (published reviews only, what readRatingsOverTime reads), so Prisma's diff leaves it alone like the queue's.
CREATE INDEX "Review_creator_ratings_idx" ON "Review" ("creatorId", "createdAt") INCLUDE ("rating") WHERE "status" = 'PUBLISHED';
