/**
 * Trial test helpers: a subscription plugin with a paid tier offering a trial, its creator
 * onboarded at the emulator; `POST /v1/trials` on the running app.
 */
import { randomUUID } from 'node:crypto';
import type { TrialStartOutput } from '@marketdesk/shared';
import { createSeller, onboardSeller, type MoneyServer } from '../money/helpers.ts';

/** A published monthly plugin with tiers free (0) and pro (`priceAmount`, `trialDays` of trial), its creator able to sell. */
export async function createTrialPlugin(ts: MoneyServer, options: { priceAmount?: number; trialDays?: number } = {}) {
  const { plugin, creator } = await createSeller(ts.prisma, { priceAmount: 0 });
  await ts.prisma.plugin.update({ where: { id: plugin.id }, data: { pricingModel: 'SUBSCRIPTION', billingInterval: 'month' } });
  await ts.prisma.pluginTier.create({ data: { pluginId: plugin.id, key: 'free', name: 'Free', priceAmount: 0, entitlements: ['plugin.use'], machineLimit: 1, sortOrder: 0 } });
  const pro = await ts.prisma.pluginTier.create({
    data: { pluginId: plugin.id, key: 'pro', name: 'Pro', priceAmount: options.priceAmount ?? 1200, entitlements: ['plugin.use', 'plugin.updates', 'pro.export'], machineLimit: 5, trialDays: options.trialDays ?? 14, sortOrder: 1 },
  });
  await onboardSeller(ts, creator.id);
  return { plugin, creator, pro };
}

export const uniqueEmail = (label = 'trial') => `${label}-${randomUUID().slice(0, 8)}@example.com`;
export const uniqueFingerprint = () => `machine-${randomUUID()}`;

/** The error answer's fields (platform/http/errors.ts). */
export interface TrialError { error?: string; code?: string; field?: string | null }

/** POST /v1/trials; answers the status and the body. */
export async function postTrial(ts: { url: string }, body: Record<string, unknown>, idempotencyKey?: string): Promise<{ status: number; body: TrialStartOutput & TrialError }> {
  const response = await fetch(`${ts.url}/v1/trials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() as TrialStartOutput & TrialError };
}
