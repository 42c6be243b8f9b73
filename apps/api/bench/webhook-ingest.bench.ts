/**
 * Webhook ingestion end to end on the PostgreSQL server: signed events POSTed to the running
 * app's `/webhooks/stripe` (signature verified on the raw body, stored once in the inbox,
 * answered 200), 32 in flight. Target: ≥ 300 events/s.
 */
import { signWebhookPayload } from '@marketdesk/stripe-emulator';
import { openTestDatabase, startTestServer } from '../test/harness.ts';
import type { BenchRow } from './measure.ts';

const EVENTS = 3000;
const IN_FLIGHT = 32;

export async function benchWebhookIngest(): Promise<BenchRow[]> {
  const db = await openTestDatabase({ target: 'postgres', isMigrated: false });
  const ts = await startTestServer({ db });
  try {
    const secret = ts.app.deps.stripe!.webhookSecret!;
    const bodies = Array.from({ length: EVENTS }, (_, i) => JSON.stringify({
      id: `evt_bench_${i}`, object: 'event', api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1,
      type: 'charge.refunded', data: { object: { id: `ch_bench_${i}`, object: 'charge', payment_intent: `pi_bench_${i}`, amount: 1000, currency: 'usd' } },
    }));
    const post = async (body: string) => {
      const response = await fetch(`${ts.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(body, secret, Math.floor(Date.now() / 1000)) }, body });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    };
    for (const body of bodies.slice(0, 50)) await post(body.replace('evt_bench_', 'evt_warm_'));
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < bodies.length) await post(bodies[next++]!);
    }));
    const seconds = (performance.now() - started) / 1000;
    const stored = await db.prisma.stripeEvent.count({ where: { id: { startsWith: 'evt_bench_' } } });
    if (stored !== EVENTS) throw new Error(`stored ${stored} of ${EVENTS}`);
    return [{ figure: `webhook ingestion, ${EVENTS} signed events, ${IN_FLIGHT} in flight (PG)`, value: `${Math.round(EVENTS / seconds)} events/s`, target: '≥ 300 events/s', baseline: '' }];
  } finally {
    await ts.close();
  }
}
