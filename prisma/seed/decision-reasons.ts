/**
 * The reasons a moderator picks from when rejecting a submission or requesting changes.
 * Each carries the message pre-filled for the creator (editable before sending).
 */
import type { PrismaClient } from '../../apps/api/src/generated/prisma/client.ts';
import type { TableCount } from './types.ts';

export interface DecisionReasonSeed {
  code: string;
  label: string;
  appliesTo: 'REJECT' | 'REQUEST_CHANGES';
  cannedResponse: string;
}

export const DECISION_REASONS: readonly DecisionReasonSeed[] = [
  {
    code: 'MALWARE',
    label: 'Malicious code',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. Our review found code that acts against the people who install it (for example, collecting data or running commands without their knowledge), so we cannot list this version. If you believe this is a mistake, please reply with an explanation of the flagged code and we will take another look.',
  },
  {
    code: 'OBFUSCATED_CODE',
    label: 'Obfuscated code',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. Parts of the package are obfuscated, which means our reviewers cannot confirm what it does. Minified bundles are fine when the readable source is included alongside them. Please resubmit with the original source and we will be glad to review it again.',
  },
  {
    code: 'LEAKED_SECRET',
    label: 'Secret in package',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. The package contains what looks like a live credential (an API key, token or private key). For your safety we have not published it. Please revoke that credential with its provider, remove it from the package, and submit a new version.',
  },
  {
    code: 'MISSING_LICENSE',
    label: 'No license',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. The package does not state a license, so buyers cannot know what they are allowed to do with it. Please add a LICENSE file and a "license" field in package.json, then submit again.',
  },
  {
    code: 'MISSING_DOCS',
    label: 'No documentation',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. We could not find documentation explaining what the plugin does or how to set it up, and buyers need that before they pay. Please add usage instructions and resubmit; we will review the new version promptly.',
  },
  {
    code: 'BROKEN_PACKAGE',
    label: 'Package does not install or load',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. The package could not be installed or loaded in our review environment (the quality report attached to this submission has the details). Please fix the problem and submit a new version.',
  },
  {
    code: 'TRADEMARK',
    label: 'Trademark or impersonation',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. The plugin\'s name or branding uses a trademark in a way that suggests an official affiliation. Please choose a name that makes clear it is your own work (for example "Foo integration for Bar"), or send us proof of permission from the trademark owner.',
  },
  {
    code: 'DUPLICATE_PLUGIN',
    label: 'Duplicate of an existing plugin',
    appliesTo: 'REJECT',
    cannedResponse:
      'Thank you for your submission. This plugin duplicates one that is already listed. If it is a new version of your existing plugin, please submit it as a version of that plugin instead; if it differs in an important way, reply and tell us how.',
  },
  {
    code: 'NEEDS_TESTS',
    label: 'Add tests',
    appliesTo: 'REQUEST_CHANGES',
    cannedResponse:
      'Thanks for your submission, it is close. Before we approve it, please add automated tests covering the main features, so buyers can trust future updates. Reply here when the new version is up and it will go straight back into the queue.',
  },
  {
    code: 'NEEDS_TYPES',
    label: 'Add TypeScript types',
    appliesTo: 'REQUEST_CHANGES',
    cannedResponse:
      'Thanks for your submission, it is close. Please ship TypeScript type definitions (bundled, or a "types" entry in package.json) so that buyers get editor help and type checking. Reply here when the new version is up.',
  },
  {
    code: 'NEEDS_README',
    label: 'Improve the README',
    appliesTo: 'REQUEST_CHANGES',
    cannedResponse:
      'Thanks for your submission, it is close. Please expand the README with installation steps, a configuration example and the supported versions, so buyers know what they are getting. Reply here when the new version is up.',
  },
];

/** Inserts the reasons whose code is not there yet; existing rows (possibly edited by staff) are left alone. */
export async function seedDecisionReasons(prisma: PrismaClient): Promise<TableCount> {
  const { count } = await prisma.decisionReason.createMany({ data: [...DECISION_REASONS], skipDuplicates: true });
  return { created: count, existing: DECISION_REASONS.length - count };
}
