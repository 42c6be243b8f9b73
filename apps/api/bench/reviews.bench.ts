/**
 * Buyer reviews with 1,000,000 reviews on the PostgreSQL server (reviews-data.ts builds them:
 * 5,000 plugins, 200,000 buyers, ~2 % in the moderation queue, PluginRating from one aggregate).
 * Measured: (a) a plugin's rating (reputation's readPluginRating: one PluginRating row and the
 * marketplace prior); (b) the buyer-review queue's first page with its tab counts (default tab,
 * held tab, one plugin's), and in the baseline column the same without the migration's partial
 * covering queue index; (c) the public list's first page through its route; (d) a first review
 * written end to end through POST /v1/reviews (a figure); for context, the ratings-over-time
 * chart. The target: the rating and the queue's first page under 50 ms p95 with 1M reviews.
 */
import { listReviewQueue, readPluginRating, readRatingsOverTime } from '../src/modules/reviews/index.ts';
import { keyringFor, signLicenseToken } from '../src/modules/licenses/index.ts';
import type { AppDeps } from '../src/platform/deps.ts';
import { openTestDatabase, startTestServer } from '../test/harness.ts';
import { measure, ms, type BenchRow } from './measure.ts';
import { buildReviewData, REVIEWS } from './reviews-data.ts';

const RUNS = 60;
const WARMUP = 5;
const TARGET = 'p95 < 50 ms';

export async function benchReviews(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres' });
  // The public routes' rate limits out of the way: the bench measures the work, not the 429s.
  const ts = await startTestServer({ db, config: { licenseRateLimitPerIp: 1_000_000_000, licenseRateLimitPerLicense: 1_000_000 } });
  try {
    const deps = ts.app.deps;
    const key = await keyringFor(deps).currentSigningKey();
    const started = performance.now();
    const data = await buildReviewData(db, { signingKid: key.kid });
    const buildSeconds = (performance.now() - started) / 1000;
    const scale = `${REVIEWS / 1_000_000}M reviews, PG`;
    const rows: BenchRow[] = [{
      figure: `reviews data: ${REVIEWS.toLocaleString('en')} reviews + licenses, history, PluginRating`,
      value: `${buildSeconds.toFixed(1)} s`,
      target: 'setup',
      baseline: `licenses ${data.seconds.licenses.toFixed(1)} s, reviews ${data.seconds.reviews.toFixed(1)} s, history ${data.seconds.history.toFixed(1)} s, PluginRating ${data.seconds.ratings.toFixed(1)} s; ${data.counts.queued} queued (${data.counts.held} held, ${data.counts.reported} reported, ${data.counts.flagged} flagged)`,
    }];
    const row = async (figure: string, fn: () => Promise<unknown>, target = TARGET, baseline = '') => {
      const timing = await measure(fn, RUNS, WARMUP);
      rows.push({ figure: `${figure} (${scale})`, value: `median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)}`, target, baseline });
    };

    // (a) A plugin's rating: the busiest plugin and a median one (the same one-row read).
    await row(`plugin rating, busiest plugin (${data.counts.ratedPlugins} rated)`, () => readPluginRating(deps, { pluginId: data.busiestPluginId }));
    await row('plugin rating, median plugin', () => readPluginRating(deps, { pluginId: data.medianPluginId }));
    // (b) The review queue's first page with its tab counts.
    const queue = { moderatorId: data.moderatorId, limit: 25 };
    const queueCases: [string, Parameters<typeof listReviewQueue>[1]][] = [
      [`all (${data.counts.queued} queued)`, { ...queue, tab: 'all' }],
      ['held', { ...queue, tab: 'held' }],
      ['one plugin', { ...queue, tab: 'all', pluginId: data.busiestPluginId }],
    ];
    const queueRows = rows.length;
    for (const [label, input] of queueCases) await row(`reviewQueue.list first page: ${label}`, () => listReviewQueue(deps, input));
    // (c) The public list's first page, through its route (GET /v1/plugins/:pluginId/reviews).
    await row('GET /v1/plugins/:pluginId/reviews first page, busiest plugin', () => getJson(`${ts.url}/v1/plugins/${data.busiestPluginId}/reviews`));
    // (d) A first review by a buyer of the busiest plugin, end to end (POST /v1/reviews): the key
    // verified, the license and review locked, the checks (secretlint, repeated text, burst), the
    // review and PluginRating written, the signed answer. Each run is another buyer's license.
    const keys = await writerKeys(deps, data.busiestPluginId, RUNS + WARMUP, key);
    let next = 0;
    await row('POST /v1/reviews, a first review (busiest plugin)', async () => {
      const i = next++;
      const res = await fetch(`${ts.url}/v1/reviews`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: keys[i], rating: 1 + (i % 5), body: `Bench review ${i}: set it up on a monorepo with ${i + 3} packages, runs in CI without trouble.` }),
      });
      if (res.status !== 201) throw new Error(`POST /v1/reviews answered ${res.status}: ${await res.text()}`);
    }, 'figure');
    // The writes moved PluginRating incrementally: it must still equal the aggregate it was built from.
    const [drift] = await db.query<{ kept: string; counted: string }>(`
      SELECT (SELECT count || '/' || sum FROM "PluginRating" WHERE "pluginId" = $1) AS kept,
             (SELECT count(*) || '/' || sum(rating) FROM "Review" WHERE "pluginId" = $1 AND status = 'PUBLISHED') AS counted`, [data.busiestPluginId]);
    if (drift!.kept !== drift!.counted) throw new Error(`PluginRating ${drift!.kept} (count/sum) differs from the published reviews' ${drift!.counted}`);
    // For context: the chart.
    await row('ratings over time, busiest plugin (12 months)', () => readRatingsOverTime(deps, { pluginId: data.busiestPluginId }), 'figure');
    await row('ratings over time, one creator (12 months)', () => readRatingsOverTime(deps, { creatorId: 'c2' }), 'figure');

    // Baseline: the same queue pages without the migration's partial covering index
    // (Review_queue_idx): the tab counts then read every queued row's heap tuple, scattered over the table.
    await db.query('DROP INDEX "Review_queue_idx"');
    await db.query('VACUUM ANALYZE "Review"');
    for (const [i, [, input]] of queueCases.entries()) {
      const timing = await measure(() => listReviewQueue(deps, input), RUNS, WARMUP);
      rows[queueRows + i]!.baseline = `without the partial queue index: median ${ms(timing.medianMs)}, p95 ${ms(timing.p95Ms)}`;
    }
    return rows;
  } finally {
    await ts.close(); // closes and drops the database too
  }
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return res.json();
}

/** License keys of `count` buyers of `pluginId` who have not reviewed it (licenses issued 30 days ago: not new buyers). */
async function writerKeys(deps: AppDeps, pluginId: string, count: number, key: Parameters<typeof signLicenseToken>[1]): Promise<string[]> {
  const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 30 * 24 * 3600 * 1000);
  const licenses = Array.from({ length: count }, (_, i) => ({
    id: `lw${i}`, keyId: `kw${i}`, pluginId, buyerEmail: `writer${i}@example.test`, entitlements: ['plugin.use'], machineLimit: 3, expiresAt: null, signingKid: key.kid, issuedAt,
  }));
  await deps.prisma.license.createMany({ data: licenses });
  return Promise.all(licenses.map((license) => signLicenseToken(license, key, deps.config.licenseIssuer)));
}
