/**
 * Opening a trial once its card is saved: in one transaction, the TRIALING Subscription, the
 * trial License (the tier's terms, usable at once) and the ACTIVE Trial — whether the card was
 * saved server-side (start-trial.ts) or on a Checkout page in setup mode (complete-trial-setup.ts).
 * One trial per (plugin, buyer email) and per (plugin, machine fingerprint): the Trial table's
 * unique indexes decide under concurrency; the loser's rows are rolled back and it is told which.
 */
import { AppError } from '@marketdesk/shared';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { issueLicense, licenseTermsOfTier } from '../licenses/index.ts';

const DAY_MS = 86_400_000;

/** The subscription id of trial `trialId`: a replayed completion finds it. */
export const trialSubscriptionIdFor = (trialId: string) => `sub_${trialId}`;

/** What a trial is opened with: who, which tier, the card saved at Stripe, and when (Stripe's clock). */
export interface TrialOpening {
  trialId: string;
  pluginId: string;
  tier: { id: string; entitlements: string[]; machineLimit: number; trialDays: number };
  /** Lowercased. */
  buyerEmail: string;
  fingerprint: string;
  stripeCustomerId: string;
  /** `pm_…` saved by the SetupIntent. */
  stripePaymentMethodId: string;
  /** The trial's start: the SetupIntent's `created` (Stripe's clock, which the renewal job runs on). */
  startedAt: Date;
}

/** The end of a trial of `days` days started at `startedAt`. */
export const trialEndFor = (startedAt: Date, days: number) => new Date(startedAt.getTime() + days * DAY_MS);

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/**
 * The CONFLICT naming which trial already exists for `input`: the buyer's (same plugin, same
 * email) first, else the machine's (same plugin, same fingerprint); null when neither does.
 */
export async function existingTrialConflict(prisma: PrismaClient | Prisma.TransactionClient, input: { trialId?: string; pluginId: string; buyerEmail: string; fingerprint: string }): Promise<AppError | null> {
  const byEmail = await prisma.trial.findUnique({ where: { pluginId_buyerEmail: { pluginId: input.pluginId, buyerEmail: input.buyerEmail } }, select: { id: true, status: true } });
  if (byEmail && byEmail.id !== input.trialId) {
    return new AppError('CONFLICT', { message: `${input.buyerEmail} already had a trial of plugin ${input.pluginId} (trial ${byEmail.id}, ${byEmail.status}): one trial per buyer email and plugin`, userMessage: 'This email address already had a trial of this plugin', field: 'buyerEmail' });
  }
  const byMachine = await prisma.trial.findUnique({ where: { pluginId_fingerprint: { pluginId: input.pluginId, fingerprint: input.fingerprint } }, select: { id: true, status: true } });
  if (byMachine && byMachine.id !== input.trialId) {
    return new AppError('CONFLICT', { message: `This machine (fingerprint) already had a trial of plugin ${input.pluginId} (trial ${byMachine.id}, ${byMachine.status}): one trial per machine and plugin`, userMessage: 'This machine already had a trial of this plugin', field: 'fingerprint' });
  }
  return null;
}

/**
 * Opens trial `opening` unless it is open already (same `trialId`: a replay): Subscription
 * (TRIALING, periodNumber 0, period and billing anchor [start, trial end), nextRenewalAt = trial
 * end, the saved card), License (ACTIVE, the tier's entitlements and machine limit, trialEndsAt =
 * expiresAt = trial end, no purchase; issueLicense) and Trial (ACTIVE), with a system audit row.
 * @returns the license id and the trial end.
 * @throws AppError CONFLICT (field buyerEmail or fingerprint) when another trial of the plugin
 *   holds the email or the machine; Error without a CURRENT signing key.
 */
export async function openTrial(prisma: PrismaClient, opening: TrialOpening): Promise<{ licenseId: string; endsAt: Date }> {
  const existing = await prisma.trial.findUnique({ where: { id: opening.trialId }, select: { licenseId: true, endsAt: true } });
  if (existing) return { licenseId: existing.licenseId, endsAt: existing.endsAt };
  const conflict = await existingTrialConflict(prisma, opening);
  if (conflict) throw conflict;
  const { trialId, pluginId, tier, buyerEmail, startedAt } = opening;
  const endsAt = trialEndFor(startedAt, tier.trialDays);
  const subscriptionId = trialSubscriptionIdFor(trialId);
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.subscription.create({
        data: {
          id: subscriptionId, buyerEmail, pluginId, tierId: tier.id, status: 'TRIALING', trialEndsAt: endsAt,
          // The trial is period 0; period 1 starts at the trial end (the billing anchor), as Stripe's trial_end anchors the cycle.
          currentPeriodStart: startedAt, currentPeriodEnd: endsAt, billingAnchor: endsAt, periodNumber: 0, nextRenewalAt: endsAt,
          stripeCustomerId: opening.stripeCustomerId, stripePaymentMethodId: opening.stripePaymentMethodId, createdAt: startedAt,
        },
      });
      const license = await issueLicense(tx, {
        pluginId, purchaseId: null, subscriptionId, buyerEmail, ...licenseTermsOfTier(tier), expiresAt: endsAt, issuedAt: startedAt,
      });
      await tx.license.update({ where: { id: license.id }, data: { trialEndsAt: endsAt } });
      await tx.trial.create({
        data: { id: trialId, pluginId, tierId: tier.id, buyerEmail, fingerprint: opening.fingerprint, licenseId: license.id, subscriptionId, status: 'ACTIVE', startedAt, endsAt },
      });
      await writeSystemAudit(tx, {
        action: 'trials.start', targetType: 'License', targetId: license.id, reason: `Trial ${trialId} of ${tier.trialDays} days started; the saved card is charged on ${endsAt.toISOString()}`,
        after: { status: 'ACTIVE', trialId, subscriptionId, trialEndsAt: endsAt, signingKid: license.signingKid },
      });
      return { licenseId: license.id, endsAt };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A concurrent start won: a replay of this very trial, or another trial holding the email or machine.
    const replay = await prisma.trial.findUnique({ where: { id: trialId }, select: { licenseId: true, endsAt: true } });
    if (replay) return { licenseId: replay.licenseId, endsAt: replay.endsAt };
    throw (await existingTrialConflict(prisma, opening)) ?? error;
  }
}
