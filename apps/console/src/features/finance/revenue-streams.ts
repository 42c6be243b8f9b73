import type { RevenueStream } from '@marketdesk/shared';

/** The ledger's revenue streams as finance and creators read them. */
export const REVENUE_STREAM_LABELS: Record<RevenueStream, string> = {
  ONE_TIME: 'One-time', SUBSCRIPTION: 'Subscriptions', OVERAGE: 'Overage', CREDITS_SOLD: 'Credits sold', CREDITS_USED: 'Credits used', CREDITS_GRANTED: 'Credits granted',
};

/** What each stream's headline amount is (ZStreamFigures.amount). */
export const REVENUE_STREAM_DETAILS: Record<RevenueStream, string> = {
  ONE_TIME: 'Paid once for a plugin or tier', SUBSCRIPTION: 'First payments, renewals and upgrade prorations', OVERAGE: 'Usage beyond the included quantity, billed at the period end',
  CREDITS_SOLD: 'Credit packs paid (a liability until used)', CREDITS_USED: 'Credits spent on usage: revenue recognised', CREDITS_GRANTED: 'Credits support gave, paid by the platform',
};

export const REVENUE_STREAM_COLORS: Record<RevenueStream, string> = {
  ONE_TIME: 'indigo.6', SUBSCRIPTION: 'teal.6', OVERAGE: 'orange.6', CREDITS_SOLD: 'grape.6', CREDITS_USED: 'cyan.6', CREDITS_GRANTED: 'gray.6',
};

/** A month bucket (YYYY-MM-01) as the charts label it: YYYY-MM. */
export const toMonthLabel = (month: string) => month.slice(0, 7);
