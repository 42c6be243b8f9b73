/**
 * Support's extension of a trial (licenses.extendTrial): the trial, its license and its TRIALING
 * subscription all move their end by the same days, in one transaction with an audit row.
 */
import { AppError, type ExtendTrialInput, type LicenseTrial } from '@marketdesk/shared';
import type { AppDeps } from '../../platform/deps.ts';
import { writeAudit, type Actor } from '../audit/index.ts';
import { readLicenseTrial } from './read-trial.ts';

const DAY_MS = 86_400_000;

/**
 * Extends the ACTIVE trial of license `input.licenseId` by `input.days` (1–30) days, as
 * `input.actor` with `input.reason`: Trial.endsAt and extendedDays, License.trialEndsAt and
 * expiresAt, Subscription.trialEndsAt, nextRenewalAt, currentPeriodEnd and billingAnchor (period 1
 * starts at the new end, so the conversion is charged then). Audited (`licenses.extendTrial`) in
 * the same transaction, the trial row locked (FOR UPDATE) so that the renewal job's conversion
 * and an extension do not interleave.
 * @returns the trial as support reads it afterwards.
 * @throws AppError NOT_FOUND when the license does not exist or never was a trial; CONFLICT when
 *   the trial is not ACTIVE (converted, expired or canceled) or its license is not ACTIVE.
 */
export async function extendTrial(deps: Pick<AppDeps, 'prisma'>, input: ExtendTrialInput & { actor: Actor }): Promise<LicenseTrial> {
  const { actor, licenseId, days, reason } = input;
  await deps.prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Trial" WHERE "licenseId" = ${licenseId} FOR UPDATE`;
    if (!locked) throw new AppError('NOT_FOUND', { message: `License ${licenseId} has no trial`, userMessage: 'This license is not a trial license' });
    const trial = await tx.trial.findUniqueOrThrow({ where: { id: locked.id }, select: { id: true, status: true, endsAt: true, extendedDays: true, subscriptionId: true, license: { select: { status: true } } } });
    if (trial.status !== 'ACTIVE') {
      throw new AppError('CONFLICT', { message: `Trial ${trial.id} of license ${licenseId} is ${trial.status}: only an ACTIVE trial can be extended`, userMessage: `This trial is ${trial.status.toLowerCase()} and can no longer be extended` });
    }
    if (trial.license.status !== 'ACTIVE') {
      throw new AppError('CONFLICT', { message: `License ${licenseId} is ${trial.license.status}: reinstate it before extending its trial`, userMessage: `This license is ${trial.license.status.toLowerCase()}; reinstate it before extending its trial` });
    }
    const endsAt = new Date(trial.endsAt.getTime() + days * DAY_MS);
    await tx.trial.update({ where: { id: trial.id }, data: { endsAt, extendedDays: trial.extendedDays + days } });
    await tx.license.update({ where: { id: licenseId }, data: { trialEndsAt: endsAt, expiresAt: endsAt } });
    if (trial.subscriptionId) {
      await tx.subscription.updateMany({
        where: { id: trial.subscriptionId, status: 'TRIALING' },
        data: { trialEndsAt: endsAt, nextRenewalAt: endsAt, currentPeriodEnd: endsAt, billingAnchor: endsAt },
      });
    }
    await writeAudit(tx, {
      actor, action: 'licenses.extendTrial', targetType: 'License', targetId: licenseId, reason,
      before: { trialEndsAt: trial.endsAt, extendedDays: trial.extendedDays }, after: { trialEndsAt: endsAt, extendedDays: trial.extendedDays + days, days },
    });
  });
  const after = await readLicenseTrial(deps, { licenseId });
  return after!;
}
