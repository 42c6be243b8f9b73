/**
 * One million buyer reviews on the PostgreSQL server for the reviews bench, built with
 * generate_series in chunks: 500 creators (each with a console user), 5,000 published plugins,
 * 200,000 buyers with five reviews each (one license per buyer and plugin, as a verified purchase
 * needs) — plugins' popularity skewed (a few plugins hold most reviews), ratings J-shaped (most
 * 5★, a bump at 1★), ~2 % in the moderation queue (held for a secret or personal data, reported,
 * or flagged), some hidden or deleted by an earlier decision, ~8 % edited once (their previous text
 * in ReviewRevision), ~15 % answered by the creator. PluginRating is then built from the inserted
 * reviews with one aggregate INSERT … SELECT — the rows the write path keeps incrementally.
 * Deterministic: every "random" choice is a hash of the row number.
 */
import type { TestDatabase } from '../test/harness.ts';

export const REVIEWS = 1_000_000;
export const REVIEWED_PLUGINS = 5_000;
export const BUYERS = 200_000;
const CREATORS = 500;
const CHUNK = 100_000;

/** A deterministic pseudo-random integer in [0, n) from row number `g` and a salt (SQL). */
const pick = (g: string, salt: string, n: number) => `((hashtext('${salt}' || ${g})::bigint + 2147483648) % ${n})`;

export interface ReviewData {
  moderatorId: string;
  signingKid: string;
  /** The most reviewed plugin, a median one, and the id of the plugin index `i` (1-based). */
  busiestPluginId: string;
  medianPluginId: string;
  /** Seconds each stage took, for the bench's table. */
  seconds: { licenses: number; reviews: number; history: number; ratings: number; analyze: number };
  counts: { reviews: number; queued: number; held: number; reported: number; flagged: number; revisions: number; replies: number; ratedPlugins: number };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function inChunks(total: number, run: (from: number, to: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < total; from += CHUNK) await run(from, Math.min(total, from + CHUNK) - 1);
}

// Row g (0-based) is buyer g % BUYERS's (g / BUYERS)-th review; the buyer's first plugin is skewed
// towards low indexes (u² of a uniform u), the next ones 1,000 apart, so a buyer never reviews a
// plugin twice. These SQL expressions are shared by the licenses and the reviews.
const BUYER = `(g % ${BUYERS})`;
const PLUGIN_INDEX = `(1 + (floor(${REVIEWED_PLUGINS} * power(${pick(BUYER, 'p', 1_000_000)} / 1000000.0, 2))::int + (g / ${BUYERS}) * 1000) % ${REVIEWED_PLUGINS})`;
const BUYER_EMAIL = `'buyer' || ${BUYER} || '@example.test'`;
const CREATED_AT = `(now() - interval '1 day' - ${pick('g', 't', 364 * 24 * 60)} * interval '1 minute')`;
// Status mix, per 10,000: 40 held (secret / personal data), 100 reported, 60 flagged (link,
// repeated text, burst, language), 50 hidden and 30 deleted by earlier decisions, the rest published.
const MIX = pick('g', 's', 10_000);
const RATING = `(CASE WHEN ${pick('g', 'r', 100)} < 13 THEN 1 WHEN ${pick('g', 'r', 100)} < 19 THEN 2 WHEN ${pick('g', 'r', 100)} < 27 THEN 3 WHEN ${pick('g', 'r', 100)} < 45 THEN 4 ELSE 5 END)`;
const BODY = `(CASE
  WHEN ${MIX} < 20 THEN 'Works, but I had to paste my token ghp_' || md5('k' || g) || ' into the config.'
  WHEN ${MIX} < 40 THEN 'Support never answered, write me at buyer' || ${BUYER} || '@example.test or +1 415 555 01' || lpad((g % 100)::text, 2, '0')
  WHEN ${MIX} BETWEEN 140 AND 159 THEN 'Better version at https://example.com/p/' || g
  WHEN ${MIX} BETWEEN 160 AND 179 THEN 'Best plugin ever!!! Five stars, buy it now.'
  WHEN ${pick('g', 'b', 100)} < 35 THEN ''
  ELSE (ARRAY['Does what it says. Set up in minutes and it has been stable for months on our CI.',
              'Good plugin, the docs could be clearer about the configuration options for monorepos.',
              'Broke after the last major version, had to pin the previous release until a fix landed.',
              'Saved us a day of work. The author answered an issue within hours.',
              'Slow on large projects: a full run takes twice as long as without it.',
              'Exactly what I needed, nothing more. Would buy again.'])[1 + ${pick('g', 'x', 6)}] || ' (#' || g || ')'
END)`;

/** Builds the data set in `db` (a fresh migrated PostgreSQL database) and ANALYZEs it. */
export async function buildReviewData(db: TestDatabase, input: { signingKid: string }): Promise<ReviewData> {
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", roles, "updatedAt") SELECT 'u' || g, 'creator' || g || '@example.test', 'Creator ' || g, 'x', ARRAY['CREATOR']::"Role"[], now() FROM generate_series(1, ${CREATORS}) g`);
  await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", roles, "updatedAt") VALUES ('moderator', 'moderator@example.test', 'Moderator', 'x', ARRAY['MODERATOR']::"Role"[], now())`);
  await db.query(`INSERT INTO "CreatorAccount" (id, slug, "displayName", "userId", "updatedAt") SELECT 'c' || g, '@bench-' || g, 'Bench ' || g, 'u' || g, now() FROM generate_series(1, ${CREATORS}) g`);
  await db.query(`INSERT INTO "Plugin" (id, name, "creatorId", status, "priceAmount", "updatedAt") SELECT 'p' || g, 'bench-plugin-' || g, 'c' || (1 + g % ${CREATORS}), 'PUBLISHED', 1900, now() FROM generate_series(1, ${REVIEWED_PLUGINS}) g`);

  const licenses = await timed(() => inChunks(REVIEWS, (from, to) => db.query(`
    INSERT INTO "License" (id, "keyId", "pluginId", "buyerEmail", entitlements, "signingKid", "issuedAt", "updatedAt")
    SELECT 'l' || g, 'k' || g, 'p' || ${PLUGIN_INDEX}, ${BUYER_EMAIL}, ARRAY['plugin.use'], $1, ${CREATED_AT} - interval '1 day', now()
      FROM generate_series(${from}, ${to}) g`, [input.signingKid])));

  const reviews = await timed(() => inChunks(REVIEWS, (from, to) => db.query(`
    INSERT INTO "Review" (id, "pluginId", "creatorId", "licenseId", "buyerEmail", rating, body, status, signals, "textHash",
                          "queuedAt", "reportCount", "claimedById", "claimExpiresAt", version, revision, "createdAt", "editedAt", "updatedAt", "decidedAt")
    SELECT 'r' || g, 'p' || pi, 'c' || (1 + pi % ${CREATORS}), 'l' || g, ${BUYER_EMAIL}, ${RATING}, body,
           (CASE WHEN mix < 40 THEN 'HELD' WHEN mix BETWEEN 200 AND 249 THEN 'HIDDEN' WHEN mix BETWEEN 250 AND 279 THEN 'DELETED' ELSE 'PUBLISHED' END)::"ReviewStatus",
           (CASE WHEN mix < 20 THEN ARRAY['SECRET'] WHEN mix < 40 THEN ARRAY['PERSONAL_DATA'] WHEN mix BETWEEN 140 AND 159 THEN ARRAY['LINK']
                 WHEN mix BETWEEN 160 AND 179 THEN ARRAY['REPEATED_TEXT'] WHEN mix BETWEEN 180 AND 189 THEN ARRAY['BURST'] WHEN mix BETWEEN 190 AND 199 THEN ARRAY['LANGUAGE']
                 ELSE ARRAY[]::text[] END)::"ReviewSignal"[],
           CASE WHEN body = '' THEN NULL ELSE encode(sha256(convert_to(lower(body), 'UTF8')), 'hex') END,
           CASE WHEN mix < 200 THEN created + interval '1 hour' * (1 + mix % 48) END,
           CASE WHEN mix BETWEEN 40 AND 139 THEN 1 + mix % 3 ELSE 0 END,
           CASE WHEN mix < 200 AND g % 20 = 0 THEN 'moderator' END, CASE WHEN mix < 200 AND g % 20 = 0 THEN now() + interval '5 minutes' END,
           CASE WHEN mix BETWEEN 200 AND 279 THEN 2 ELSE 1 END, edited, created, CASE WHEN edited = 2 THEN created + interval '20 days' END, now(),
           CASE WHEN mix BETWEEN 200 AND 279 THEN created + interval '2 days' END
      FROM (SELECT g, ${PLUGIN_INDEX} AS pi, ${MIX} AS mix, ${BODY} AS body, ${CREATED_AT} AS created,
                   CASE WHEN ${pick('g', 'e', 100)} < 8 THEN 2 ELSE 1 END AS edited
              FROM generate_series(${from}, ${to}) g) AS row`)));

  const history = await timed(async () => {
    await db.query(`
      INSERT INTO "ReviewRevision" (id, "reviewId", revision, rating, body, signals, "createdAt")
      SELECT 'rv' || substr(id, 2), id, 1, greatest(1, rating - 1), 'First impressions: ' || body, ARRAY[]::"ReviewSignal"[], "createdAt"
        FROM "Review" WHERE revision = 2`);
    await db.query(`
      INSERT INTO "ReviewReport" (id, "reviewId", reason, "reporterLicenseId", "reporterKey", "createdAt")
      SELECT 'rp' || substr(r.id, 2) || '-' || n, r.id, (ARRAY['SPAM','NOT_ABOUT_PLUGIN','ABUSE'])[n]::"ReviewReportReason", NULL,
             'license:reporter' || n || '@example.test', r."queuedAt"
        FROM "Review" r CROSS JOIN generate_series(1, 3) n WHERE n <= r."reportCount"`);
    await db.query(`
      INSERT INTO "ReviewModeration" (id, "reviewId", "moderatorId", action, "fromStatus", "toStatus", "createdAt")
      SELECT 'rm' || substr(id, 2), id, 'moderator', CASE WHEN status = 'HIDDEN' THEN 'HIDE' ELSE 'DELETE' END::"ReviewModerationAction", 'PUBLISHED', status, "decidedAt"
        FROM "Review" WHERE status IN ('HIDDEN', 'DELETED')`);
    await db.query(`
      INSERT INTO "ReviewReply" (id, "reviewId", "authorId", body, "createdAt", "updatedAt")
      SELECT 'rr' || substr(r.id, 2), r.id, 'u' || substr(r."creatorId", 2), 'Thanks for the review — fixed in the next release.', r."createdAt" + interval '2 days', now()
        FROM "Review" r WHERE r.status = 'PUBLISHED' AND ${pick("substr(r.id, 2)", 'y', 100)} < 15`);
  });

  // What applyRatingChange would have kept: published reviews only.
  const ratings = await timed(() => db.query(`
    INSERT INTO "PluginRating" ("pluginId", count, sum, stars1, stars2, stars3, stars4, stars5, "updatedAt")
    SELECT "pluginId", count(*), sum(rating), count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
           count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5), now()
      FROM "Review" WHERE status = 'PUBLISHED' GROUP BY "pluginId"`));
  const analyze = await timed(() => db.query('VACUUM ANALYZE'));

  const [counts] = await db.query<Record<keyof ReviewData['counts'], string>>(`
    SELECT (SELECT count(*) FROM "Review") AS reviews,
           (SELECT count(*) FROM "Review" WHERE "queuedAt" IS NOT NULL) AS queued,
           (SELECT count(*) FROM "Review" WHERE status = 'HELD') AS held,
           (SELECT count(*) FROM "Review" WHERE "reportCount" > 0) AS reported,
           (SELECT count(*) FROM "Review" WHERE cardinality(signals) > 0) AS flagged,
           (SELECT count(*) FROM "ReviewRevision") AS revisions,
           (SELECT count(*) FROM "ReviewReply") AS replies,
           (SELECT count(*) FROM "PluginRating") AS "ratedPlugins"`);
  const [busiest] = await db.query<{ pluginId: string }>(`SELECT "pluginId" FROM "PluginRating" ORDER BY count DESC LIMIT 1`);
  const [median] = await db.query<{ pluginId: string }>(`SELECT "pluginId" FROM "PluginRating" ORDER BY count OFFSET (SELECT count(*) / 2 FROM "PluginRating") LIMIT 1`);
  return {
    moderatorId: 'moderator',
    signingKid: input.signingKid,
    busiestPluginId: busiest!.pluginId,
    medianPluginId: median!.pluginId,
    seconds: { licenses, reviews, history, ratings, analyze },
    counts: Object.fromEntries(Object.entries(counts!).map(([k, v]) => [k, Number(v)])) as ReviewData['counts'],
  };
}
