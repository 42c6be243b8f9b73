/**
 * The license side of a purchase, called by the payment sync (services/payments/sync-purchase.ts)
 * inside its transaction, under the purchase's row lock. Like the payment sync it depends only on
 * the stored state of the purchase, its refunds and disputes, never on which event came, so a
 * replayed or reordered webhook cannot issue twice or flip a status back:
 * - a paid purchase without a license gets one (ACTIVE, signed by the CURRENT key);
 * - a full refund, a refund marked `revokeLicense`, or a lost dispute → REVOKED (final);
 * - an open dispute → SUSPENDED; once every dispute is closed without a loss → ACTIVE again, but
 *   only when the suspension was the dispute's (a suspension by support stays);
 * - a subscription's renewal purchases issue nothing: the subscription's one license (from its
 *   first purchase) follows the subscription (../payments/sync-subscription.ts);
 * - a credit pack (kind CREDIT_PACK) issues nothing and changes no license: its credits belong to
 *   the license it names (Purchase.creditLicenseId), which its own purchase keeps paid.
 * Every change writes an audit row with no actor ("system:payments").
 */
import { isDisputeLost, isDisputeOpen, isPaidPurchase } from '@marketdesk/shared';
import type { DisputeStatus, LicenseStatus, Prisma, PurchaseKind, PurchaseStatus } from '../../generated/prisma/client.ts';
import { writeSystemAudit } from '../audit/index.ts';
import { issueLicense } from './issue-license.ts';

/** Machines a license may activate unless the plugin says otherwise. */
export const DEFAULT_MACHINE_LIMIT = 3;
export const DEFAULT_ENTITLEMENTS = ['plugin.use', 'plugin.updates'];
/** Days a subscription license keeps working after its paid period ends (renewal retries). */
export const SUBSCRIPTION_GRACE_DAYS = 7;
export const DISPUTE_SUSPENSION_PREFIX = 'Payment disputed';

/**
 * What a license of `tier` carries: the tier's entitlements, machine limit and id; without a tier
 * (a plugin without tiers), DEFAULT_ENTITLEMENTS and DEFAULT_MACHINE_LIMIT. A license keeps these
 * when the creator later edits the tier.
 */
export function licenseTermsOfTier(tier: { id: string; entitlements: string[]; machineLimit: number } | null): { entitlements: string[]; machineLimit: number; tierId: string | null } {
  if (!tier) return { entitlements: DEFAULT_ENTITLEMENTS, machineLimit: DEFAULT_MACHINE_LIMIT, tierId: null };
  return { entitlements: tier.entitlements, machineLimit: tier.machineLimit, tierId: tier.id };
}

interface PaymentState {
  amount: number;
  refundedAmount: number;
  isRevokeRequested: boolean;
  disputeStatuses: DisputeStatus[];
}

/**
 * The license status the payment state calls for, or null for "leave it": REVOKED for a full
 * refund, a refund with revokeLicense, or a lost dispute; SUSPENDED while a dispute is open;
 * ACTIVE otherwise. (DESIGN.md, Licenses: a partial refund does not revoke.)
 */
export function licenseStatusForPayment(state: PaymentState): { status: LicenseStatus; reason: string } {
  if (state.disputeStatuses.some(isDisputeLost)) return { status: 'REVOKED', reason: 'Payment dispute lost' };
  if (state.refundedAmount >= state.amount) return { status: 'REVOKED', reason: 'Purchase fully refunded' };
  if (state.isRevokeRequested) return { status: 'REVOKED', reason: 'Refunded with license revocation' };
  if (state.disputeStatuses.some(isDisputeOpen)) return { status: 'SUSPENDED', reason: `${DISPUTE_SUSPENSION_PREFIX}: suspended until the dispute closes` };
  return { status: 'ACTIVE', reason: 'Payment dispute closed in our favour' };
}

/** Whether payments may move a license from `current` to `wanted`: never out of REVOKED, and a suspension lifted only when payments made it. */
function isPaymentTransitionAllowed(current: { status: LicenseStatus; statusReason: string | null; statusChangedById: string | null }, wanted: LicenseStatus): boolean {
  if (current.status === wanted || current.status === 'REVOKED') return false;
  if (wanted === 'ACTIVE') return current.status === 'SUSPENDED' && current.statusChangedById === null && (current.statusReason ?? '').startsWith(DISPUTE_SUSPENSION_PREFIX);
  return true;
}

/** What syncPurchaseLicense decides from: the purchase, its succeeded refunds, its disputes' statuses and its licenses. */
interface StoredPaymentState {
  purchase: { id: string; status: PurchaseStatus; amount: number; pluginId: string; buyerEmail: string; subscriptionId: string | null; paidAt: Date | null; tierId: string | null; kind: PurchaseKind };
  refunds: { amount: number; revokeLicense: boolean }[];
  disputeStatuses: DisputeStatus[];
  licenses: { id: string; status: LicenseStatus; statusReason: string | null; statusChangedById: string | null }[];
}

/**
 * Reads purchase `purchaseId`'s payment state in one statement (the purchase row, and its refunds,
 * disputes and licenses as arrays): it runs on every sync of every purchase, where a Prisma query
 * per table cost four round trips and four queries' worth of client CPU.
 * @throws Error when no such purchase is stored (the caller holds its row lock, so it is).
 */
async function readPaymentState(tx: Prisma.TransactionClient, purchaseId: string): Promise<StoredPaymentState> {
  const [row] = await tx.$queryRaw<(StoredPaymentState['purchase'] & Omit<StoredPaymentState, 'purchase'>)[]>`
    SELECT p.id, p.status::text AS status, p.amount, p."pluginId", p."buyerEmail", p."subscriptionId", p."paidAt", p."tierId", p.kind::text AS kind,
      COALESCE((SELECT json_agg(json_build_object('amount', r.amount, 'revokeLicense', r."revokeLicense")) FROM "Refund" r WHERE r."purchaseId" = p.id AND r.status = 'SUCCEEDED'), '[]'::json) AS refunds,
      ARRAY(SELECT d.status::text FROM "Dispute" d WHERE d."purchaseId" = p.id) AS "disputeStatuses",
      COALESCE((SELECT json_agg(json_build_object('id', l.id, 'status', l.status, 'statusReason', l."statusReason", 'statusChangedById', l."statusChangedById") ORDER BY l."issuedAt", l.id)
                  FROM "License" l WHERE l."purchaseId" = p.id), '[]'::json) AS licenses
      FROM "Purchase" p WHERE p.id = ${purchaseId}`;
  if (!row) throw new Error(`Purchase ${purchaseId} is not stored`);
  const { refunds, disputeStatuses, licenses, ...purchase } = row;
  return { purchase, refunds, disputeStatuses, licenses };
}

/**
 * Issues and updates the license of purchase `input.purchaseId` from its stored payment state.
 * Call with the purchase row locked (FOR UPDATE) in `tx`. `input.now` is the caller's clock
 * (`deps.clock.now()` of the payment sync): `statusChangedAt`, and `issuedAt` when the purchase
 * has no `paidAt`.
 * @throws Error when a license must be issued and no CURRENT signing key exists (the API creates
 *   one on start; the webhook event is retried).
 */
export async function syncPurchaseLicense(tx: Prisma.TransactionClient, input: { purchaseId: string; now: Date }): Promise<void> {
  const { purchaseId, now } = input;
  const state = await readPaymentState(tx, purchaseId);
  const { purchase, refunds, disputeStatuses } = state;
  // A credit pack adds credits to an existing license (creditLicenseId): it issues none, and its refunds or disputes never change one.
  if (!isPaidPurchase(purchase.status) || purchase.kind === 'CREDIT_PACK') return;
  let { licenses } = state;
  // A renewal purchase pays for the subscription's existing license (sync-subscription.ts moves it).
  if (licenses.length === 0 && purchase.subscriptionId && (await tx.license.count({ where: { subscriptionId: purchase.subscriptionId } })) > 0) return;
  if (licenses.length === 0) {
    const subscription = purchase.subscriptionId ? await tx.subscription.findUnique({ where: { id: purchase.subscriptionId }, select: { currentPeriodEnd: true } }) : null;
    const expiresAt = subscription ? new Date(subscription.currentPeriodEnd.getTime() + SUBSCRIPTION_GRACE_DAYS * 86_400_000) : null;
    // The tier bought decides what the license carries (a plugin without tiers: the defaults).
    const tier = purchase.tierId ? await tx.pluginTier.findUnique({ where: { id: purchase.tierId }, select: { id: true, entitlements: true, machineLimit: true } }) : null;
    const { signingKid, ...created } = await issueLicense(tx, {
      pluginId: purchase.pluginId, purchaseId, subscriptionId: purchase.subscriptionId, buyerEmail: purchase.buyerEmail,
      ...licenseTermsOfTier(tier), expiresAt, issuedAt: purchase.paidAt ?? now,
    });
    await writeSystemAudit(tx, { action: 'licenses.issue', targetType: 'License', targetId: created.id, reason: `Purchase ${purchaseId} paid`, after: { status: 'ACTIVE', purchaseId, signingKid } });
    licenses = [created];
  }
  const wanted = licenseStatusForPayment({
    amount: purchase.amount,
    refundedAmount: refunds.reduce((sum, r) => sum + r.amount, 0),
    isRevokeRequested: refunds.some((r) => r.revokeLicense),
    disputeStatuses,
  });
  for (const license of licenses) {
    if (!isPaymentTransitionAllowed(license, wanted.status)) continue;
    await tx.license.update({ where: { id: license.id }, data: { status: wanted.status, statusReason: wanted.reason, statusChangedAt: now, statusChangedById: null } });
    await writeSystemAudit(tx, { action: `licenses.payment.${wanted.status.toLowerCase()}`, targetType: 'License', targetId: license.id, reason: wanted.reason, before: { status: license.status }, after: { status: wanted.status } });
  }
}

/** An audit row for a change no person made (payments). */
