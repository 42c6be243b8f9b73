import type { LicenseDetail, LicenseValidation } from '@marketdesk/shared';
import { formatDateTime } from '../../lib/format.ts';
import { LICENSE_STATUS_LABELS } from './labels.ts';

/** Badge colour per result code answered by the public license API. */
export const VALIDATION_CODE_COLORS: Record<string, string> = {
  VALID: 'teal', SUSPENDED: 'orange', REVOKED: 'red', EXPIRED: 'gray', TOO_MANY_MACHINES: 'grape',
  NO_MACHINE: 'yellow', FINGERPRINT_SCOPE_MISMATCH: 'yellow', PRODUCT_SCOPE_MISMATCH: 'pink', NOT_FOUND: 'red',
};

type LicenseNow = Pick<LicenseDetail, 'status' | 'statusReason' | 'expiresAt' | 'activeMachines' | 'machineLimit' | 'plugin' | 'replacedBy'>;

/** "It is active now." — or the status now with support's reason. */
function statusNow(license: LicenseNow): string {
  const label = LICENSE_STATUS_LABELS[license.status].toLowerCase();
  return license.statusReason && license.status !== 'ACTIVE' ? `It is ${label} now (${license.statusReason}).` : `It is ${label} now.`;
}

/**
 * Why the public license API answered `validation.code`, in words support can repeat to the buyer,
 * with what to do about it. The log keeps the code, not the state behind it, so the sentence pairs
 * the code's meaning (license-api.ts's rules) with the license as it is now (`license`).
 */
export function explainValidation(validation: Pick<LicenseValidation, 'code' | 'activation'>, license: LicenseNow): string {
  switch (validation.code) {
    case 'VALID':
      return 'Accepted: the key was valid for this request and the plugin may run.';
    case 'SUSPENDED':
      return license.status === 'SUSPENDED'
        ? `Refused: the license is suspended${license.statusReason ? ` (${license.statusReason})` : ''}. Reinstate it to let the plugin run again.`
        : `Refused: the license was suspended at that time. ${statusNow(license)}`;
    case 'REVOKED':
      return license.replacedBy
        ? 'Refused: the license is revoked and was replaced. Give the buyer the replacement\'s key.'
        : 'Refused: the license is revoked, which is final. If that was a mistake, issue a replacement license.';
    case 'EXPIRED':
      return `Refused: the license had expired${license.expiresAt ? ` (it expires ${formatDateTime(license.expiresAt)})` : ''}. A subscription's license expires when its renewals stop being paid. ${statusNow(license)}`;
    case 'TOO_MANY_MACHINES':
      return `Activation refused: every machine slot was taken. ${license.activeMachines} of ${license.machineLimit} machines in use now; free one or raise the limit.`;
    case 'NO_MACHINE':
      return 'Refused: the plugin sent this machine\'s fingerprint, but no machine is activated on the license. The plugin must activate the machine first.';
    case 'FINGERPRINT_SCOPE_MISMATCH':
      return validation.activation && !validation.activation.isActive
        ? 'Refused: this machine\'s activation was freed. The plugin must activate it again (a slot must be free).'
        : 'Refused: this machine is not activated on the license (other machines are). The plugin must activate it, which needs a free slot.';
    case 'PRODUCT_SCOPE_MISMATCH':
      return `Refused: the key is for ${license.plugin.name}, but another plugin sent it. The buyer may have pasted the key into the wrong plugin.`;
    default:
      return 'Refused: the key was not recognised.';
  }
}
