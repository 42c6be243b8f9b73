import type { LicenseStatus } from '@marketdesk/shared';

export const LICENSE_STATUS_LABELS: Record<LicenseStatus, string> = { ACTIVE: 'Active', SUSPENDED: 'Suspended', REVOKED: 'Revoked', EXPIRED: 'Expired' };
export const LICENSE_STATUS_COLORS: Record<LicenseStatus, string> = { ACTIVE: 'teal', SUSPENDED: 'orange', REVOKED: 'red', EXPIRED: 'gray' };

export type LicenseAction = 'suspend' | 'reinstate' | 'revoke';

/**
 * From which statuses support may take each action — the API's rule
 * (apps/api/src/services/licenses/change-license-status.ts), mirrored only to grey out buttons;
 * the API still decides and answers CONFLICT for a page that went stale.
 */
export const ACTION_ALLOWED_FROM: Record<LicenseAction, readonly LicenseStatus[]> = {
  suspend: ['ACTIVE', 'EXPIRED'],
  reinstate: ['SUSPENDED'],
  revoke: ['ACTIVE', 'SUSPENDED', 'EXPIRED'],
};

export const ACTION_LABELS: Record<LicenseAction, string> = { suspend: 'Suspend', reinstate: 'Reinstate', revoke: 'Revoke' };

/** Why a button is greyed out for a license in `status`. */
export function explainRefusal(action: LicenseAction, status: LicenseStatus): string {
  if (status === 'REVOKED') return 'A revoked license stays revoked: issue a replacement instead.';
  if (action === 'reinstate') return 'Only a suspended license can be reinstated.';
  return `A ${LICENSE_STATUS_LABELS[status].toLowerCase()} license cannot be ${action === 'suspend' ? 'suspended' : 'revoked'}.`;
}

/** Audit actions about a license, as the history shows them. */
export const HISTORY_ACTION_LABELS: Record<string, string> = {
  'licenses.issue': 'Issued',
  'licenses.suspend': 'Suspended',
  'licenses.reinstate': 'Reinstated',
  'licenses.revoke': 'Revoked',
  'licenses.replace': 'Replaced',
  'licenses.deactivateMachine': 'Machine slot freed',
  'licenses.payment.active': 'Active again (payment)',
  'licenses.payment.suspended': 'Suspended (payment)',
  'licenses.payment.revoked': 'Revoked (payment)',
};
