/** Test data with unique values: creators, plugins, versions and submissions. */
import { randomUUID } from 'node:crypto';
import { addBusinessDays } from '@marketdesk/shared';
import type { PrismaClient, QueueReason, SubmissionStatus } from '../src/generated/prisma/client.ts';

export async function createCreator(prisma: PrismaClient, userId?: string) {
  const unique = randomUUID().slice(0, 8);
  return prisma.creatorAccount.create({ data: { slug: `@creator-${unique}`, displayName: `Creator ${unique}`, userId } });
}

export async function createPlugin(prisma: PrismaClient, creatorId: string, overrides: { priceAmount?: number; currency?: string } = {}) {
  const unique = randomUUID().slice(0, 8);
  return prisma.plugin.create({
    data: { name: `plugin-${unique}`, creatorId, priceAmount: overrides.priceAmount ?? 1900, currency: overrides.currency ?? 'usd', status: 'PUBLISHED' },
  });
}

export interface SubmissionOptions {
  status?: SubmissionStatus;
  submittedAt?: Date;
  dueAt?: Date;
  queueReasons?: QueueReason[];
  qualityScore?: number | null;
  hasCriticalFindings?: boolean;
}

/** A plugin version of `pluginId` with a submission for it. */
export async function createSubmission(prisma: PrismaClient, plugin: { id: string; creatorId: string }, options: SubmissionOptions = {}) {
  const submittedAt = options.submittedAt ?? new Date();
  const pluginVersion = await prisma.pluginVersion.create({ data: { pluginId: plugin.id, version: `1.0.${Math.floor(Math.random() * 1e9)}` } });
  return prisma.submission.create({
    data: {
      pluginVersionId: pluginVersion.id,
      pluginId: plugin.id,
      creatorId: plugin.creatorId,
      status: options.status ?? 'PENDING',
      queueReasons: options.queueReasons ?? ['NEW_VERSION'],
      submittedAt,
      dueAt: options.dueAt ?? addBusinessDays(submittedAt, 3),
      qualityScore: options.qualityScore ?? null,
      hasCriticalFindings: options.hasCriticalFindings ?? false,
      reportStatus: options.qualityScore === undefined ? null : 'DONE',
    },
  });
}

/** The reject / request-changes reasons the seed also creates, made here with unique codes. */
export async function createDecisionReason(prisma: PrismaClient, appliesTo: 'REJECT' | 'REQUEST_CHANGES' = 'REJECT') {
  const unique = randomUUID().slice(0, 8);
  return prisma.decisionReason.create({ data: { code: `TEST_${unique}`, label: `Test reason ${unique}`, cannedResponse: 'Please fix the problem described.', appliesTo } });
}

/** A paid purchase of `plugin` (unique PaymentIntent and charge ids), for refunds, disputes and licenses to hang on. */
export async function createPurchase(prisma: PrismaClient, plugin: { id: string; creatorId: string }, overrides: { amount?: number; currency?: string } = {}) {
  const unique = randomUUID().replaceAll('-', '').slice(0, 16);
  const amount = overrides.amount ?? 1900;
  return prisma.purchase.create({
    data: {
      pluginId: plugin.id, creatorId: plugin.creatorId, buyerEmail: `buyer-${unique}@example.test`, paymentIntentId: `pi_${unique}`, chargeId: `ch_${unique}`,
      amount, currency: overrides.currency ?? 'usd', applicationFeeAmount: Math.round(amount / 10), status: 'SUCCEEDED', paidAt: new Date(),
    },
  });
}
