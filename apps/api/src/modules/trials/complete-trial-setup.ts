/**
 * The Checkout side of a trial: a Checkout Session in `mode: setup` made by start-trial.ts
 * completes when the buyer saved a card; its `checkout.session.completed` webhook (through the
 * payments inbox, stripe-events.ts) opens the trial. Everything is read back from Stripe (the
 * session with its SetupIntent); the event only says which session.
 */
import type { AppDeps } from '../../platform/deps.ts';
import { requireStripe } from '../../platform/stripe/access.ts';
import { AppError } from '@marketdesk/shared';
import { openTrial } from './open-trial.ts';
import type { TrialMetadata } from './start-trial.ts';

/**
 * Opens the trial of setup-mode Checkout Session `input.sessionId` (`cs_…`) once it is complete
 * with a succeeded SetupIntent; idempotent (a trial opened already is left as it is). When the
 * email or the machine got another trial of the plugin meanwhile, nothing opens (logged): the
 * saved card is never charged.
 * @returns 'not-ours' for a session that is not a trial's setup; 'synced' otherwise.
 * @throws Stripe's errors; Error without a CURRENT signing key (the event is retried).
 */
export async function completeTrialSetup(deps: Pick<AppDeps, 'prisma' | 'stripe' | 'clock'> & { log?: AppDeps['log'] }, input: { sessionId: string }): Promise<'synced' | 'not-ours'> {
  const session = await requireStripe(deps).checkout.sessions.retrieve(input.sessionId, { expand: ['setup_intent'] });
  const metadata = session.metadata as Partial<TrialMetadata> | null;
  if (session.mode !== 'setup' || !metadata?.trial_id || !metadata.tier_id || !metadata.plugin_id || !metadata.buyer_email || !metadata.fingerprint) return 'not-ours';
  const setupIntent = typeof session.setup_intent === 'object' ? session.setup_intent : null;
  if (session.status !== 'complete' || setupIntent?.status !== 'succeeded' || typeof setupIntent.payment_method !== 'string' || typeof session.customer !== 'string') return 'synced';
  const tier = await deps.prisma.pluginTier.findUniqueOrThrow({ where: { id: metadata.tier_id }, select: { id: true, entitlements: true, machineLimit: true, trialDays: true } });
  try {
    await openTrial(deps.prisma, {
      trialId: metadata.trial_id, pluginId: metadata.plugin_id, tier, buyerEmail: metadata.buyer_email, fingerprint: metadata.fingerprint,
      stripeCustomerId: session.customer, stripePaymentMethodId: setupIntent.payment_method, startedAt: new Date(setupIntent.created * 1000),
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
    deps.log?.warn({ sessionId: input.sessionId, trialId: metadata.trial_id, reason: error.message }, 'trial setup completed but the trial is refused');
  }
  return 'synced';
}
