import type { PurchaseStatus } from '@marketdesk/shared';
import { PURCHASE_STATUS_COLORS, PURCHASE_STATUS_LABELS } from './labels.ts';
import { StatusBadge } from './StatusBadge.tsx';

/**
 * A purchase's status — Paid, Partially refunded, Refunded, Failed… — the one badge every page
 * that shows a purchase or its money uses (transactions, the purchase and license pages,
 * subscription charges), so a refunded purchase reads Refunded everywhere.
 */
export function PurchaseStatusBadge({ status }: { status: PurchaseStatus }) {
  return <StatusBadge label={PURCHASE_STATUS_LABELS[status]} color={PURCHASE_STATUS_COLORS[status]} />;
}
