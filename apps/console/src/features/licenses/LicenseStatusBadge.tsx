import type { LicenseStatus } from '@marketdesk/shared';
import { StatusBadge } from '../finance/StatusBadge.tsx';
import { LICENSE_STATUS_COLORS, LICENSE_STATUS_LABELS } from './labels.ts';

/** A license's status in its color; the reason for it on hover. */
export function LicenseStatusBadge({ status, reason }: { status: LicenseStatus; reason?: string | null }) {
  return <StatusBadge label={LICENSE_STATUS_LABELS[status]} color={LICENSE_STATUS_COLORS[status]} detail={status === 'ACTIVE' ? null : reason} />;
}
