/** How the palette shows each kind of search result: its group's heading and icon. */
import { IconAlertTriangle, IconArrowBackUp, IconBuildingBank, IconInbox, IconLicense, IconPackage, IconReceipt, IconRepeat, IconUser, IconUsers, IconWebhook, type Icon } from '@tabler/icons-react';
import type { SearchKind } from '@marketdesk/shared';

export const SEARCH_KIND_DISPLAY: Record<SearchKind, { heading: string; icon: Icon }> = {
  license: { heading: 'Licenses', icon: IconLicense },
  purchase: { heading: 'Purchases', icon: IconReceipt },
  refund: { heading: 'Refunds', icon: IconArrowBackUp },
  dispute: { heading: 'Disputes', icon: IconAlertTriangle },
  payout: { heading: 'Payouts', icon: IconBuildingBank },
  stripeEvent: { heading: 'Webhook events', icon: IconWebhook },
  subscription: { heading: 'Subscriptions', icon: IconRepeat },
  plugin: { heading: 'Plugins', icon: IconPackage },
  creator: { heading: 'Creators', icon: IconUser },
  submission: { heading: 'Submissions', icon: IconInbox },
  staffAccount: { heading: 'Staff accounts', icon: IconUsers },
};
