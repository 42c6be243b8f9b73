import type { SubscriptionStatus } from '@marketdesk/shared';

export const SUBSCRIPTION_STATUS_LABELS: Record<SubscriptionStatus, string> = { TRIALING: 'Trialing', ACTIVE: 'Active', PAST_DUE: 'Past due', CANCELED: 'Canceled', INCOMPLETE: 'Incomplete' };
export const SUBSCRIPTION_STATUS_COLORS: Record<SubscriptionStatus, string> = { TRIALING: 'blue', ACTIVE: 'teal', PAST_DUE: 'orange', CANCELED: 'gray', INCOMPLETE: 'gray' };
