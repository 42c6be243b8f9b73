/**
 * Every rule the scanner reports, with its default severity and the explanation a moderator
 * reads. Some rules raise or lower the severity for a given case (each says when).
 */
import type { Severity } from './types.ts';

export interface ScannerRule {
  severity: Severity;
  explanation: string;
}

export const SCANNER_RULES = {
  'security/eval': {
    severity: 'HIGH',
    explanation: 'eval runs a string as code; whatever builds that string decides what runs (LOW when the string is a constant the reviewer can read).',
  },
  'security/string-timer': {
    severity: 'HIGH',
    explanation: 'A string passed to setTimeout/setInterval is evaluated as code, like eval.',
  },
  'security/new-function': {
    severity: 'HIGH',
    explanation: 'The Function constructor compiles a string into code at run time, like eval (LOW when the strings are constants).',
  },
  'security/child-process': {
    severity: 'MEDIUM',
    explanation: 'Loads child_process: the package can run any program on the machine.',
  },
  'security/dynamic-require': {
    severity: 'LOW',
    explanation: 'Loads a module whose name is computed at run time, so a reader cannot tell which code runs.',
  },
  'security/literal-ip': {
    severity: 'HIGH',
    explanation: 'Network call to a hard-coded IP address rather than a domain name (MEDIUM for private ranges, LOW for loopback, CRITICAL for the cloud metadata address 169.254.169.254).',
  },
  'security/obfuscated-code': {
    severity: 'HIGH',
    explanation: 'The code looks deliberately obfuscated (_0x… identifiers, mostly \\x/\\u escapes, or a packer), which hides what it does.',
  },
  'security/minified-only': {
    severity: 'MEDIUM',
    explanation: 'The package ships only minified code and no readable source to review.',
  },
  'security/install-script': {
    severity: 'MEDIUM',
    explanation: 'npm runs this script on every install (HIGH when it downloads, pipes to a shell or runs inline code; LOW for a native build with node-gyp or prebuild).',
  },
  'security/native-build': {
    severity: 'INFO',
    explanation: 'binding.gyp without an install script: npm runs `node-gyp rebuild` on install.',
  },
  'secret/*': {
    severity: 'CRITICAL',
    explanation: 'A credential or private key is published in the package. The value is redacted here; it must be revoked.',
  },
  'scanner/not-analyzed': {
    severity: 'MEDIUM',
    explanation: 'The file is too large for the security rules to read; review it by hand.',
  },
  'licensing/undeclared': {
    severity: 'MEDIUM',
    explanation: 'A tier of the plugin sells this entitlement or metric, but package.json\'s "marketdesk" declaration does not list it: the package may never check what buyers pay for.',
  },
  'licensing/unsold': {
    severity: 'INFO',
    explanation: 'The package declares an entitlement or metric in package.json\'s "marketdesk" that no tier of the plugin sells.',
  },
  'licensing/declaration-invalid': {
    severity: 'LOW',
    explanation: 'package.json\'s "marketdesk" declaration has a field or name that is not valid; it is left out of the declaration.',
  },
  'scanner/parse-error': {
    severity: 'INFO',
    explanation: 'The file holds something a security rule looks for but could not be parsed as JavaScript/TypeScript, so the rules may have missed code in it.',
  },
} as const satisfies Record<string, ScannerRule>;

export type ScannerRuleId = keyof typeof SCANNER_RULES;
