/**
 * What a package says it checks: package.json's `"marketdesk": { "entitlements": [...], "metrics": [...] }`
 * (the features it asks the license for, and the usage metrics it reports through
 * `POST /v1/licenses/usage`), read and validated, then compared with what the plugin's tiers sell.
 * A malformed declaration is a finding naming the field, never a failed scan.
 */
import { MAX_DECLARED_NAMES, ZDeclaredEntitlement, ZMetricName, type DeclaredLicensing } from '@marketdesk/shared';
import { SCANNER_RULES } from './rules.ts';
import { SourceLines } from './source-lines.ts';
import type { PackageManifest, QualityFinding } from './types.ts';

/** What one tier of the plugin sells: its entitlements and the metrics its quotas count. */
export interface TierOffer {
  /** free | pro | enterprise */
  key: string;
  entitlements: readonly string[];
  metrics: readonly string[];
}

export interface DeclaredLicensingResult {
  /** null when package.json has no `marketdesk` field at all. */
  declared: DeclaredLicensing | null;
  /** `licensing/declaration-invalid` findings, one per malformed field or item. */
  findings: QualityFinding[];
}

const LISTS = { entitlements: ZDeclaredEntitlement, metrics: ZMetricName } as const;
type ListName = keyof typeof LISTS;

/**
 * Reads `manifest.marketdesk`. Each list keeps its valid names (deduplicated, in order, at most
 * {@link MAX_DECLARED_NAMES}); everything else becomes a LOW finding on package.json naming the
 * field (`marketdesk`, `marketdesk.entitlements`, `marketdesk.metrics[2]`), pointed at the line of
 * `"marketdesk"` in `manifestText` when it can be found.
 */
export function readDeclaredLicensing(manifest: PackageManifest, manifestText: string): DeclaredLicensingResult {
  if (!Object.hasOwn(manifest, 'marketdesk')) return { declared: null, findings: [] };
  const position = positionOf(manifestText, /"marketdesk"\s*:/);
  const findings: QualityFinding[] = [];
  const invalid = (field: string, problem: string, consequence = 'it is left out of the declaration') =>
    findings.push({ ruleId: 'licensing/declaration-invalid', severity: SCANNER_RULES['licensing/declaration-invalid'].severity, file: 'package.json', ...position, message: `${field}: ${problem}; ${consequence}.` });
  const section = manifest.marketdesk;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    invalid('marketdesk', 'must be an object like { "entitlements": [...], "metrics": [...] }');
    return { declared: { entitlements: [], metrics: [] }, findings };
  }
  const declared: DeclaredLicensing = { entitlements: [], metrics: [] };
  for (const list of Object.keys(LISTS) as ListName[]) {
    const value = (section as Record<string, unknown>)[list];
    if (value === undefined) continue;
    const field = `marketdesk.${list}`;
    if (!Array.isArray(value)) {
      invalid(field, 'must be an array of strings');
      continue;
    }
    const names = new Set<string>();
    value.forEach((item: unknown, index) => {
      const parsed = LISTS[list].safeParse(item);
      if (!parsed.success) invalid(`${field}[${index}]`, `${describe(item)} is not a valid name (${nameRule(list)})`);
      else names.add(parsed.data);
    });
    if (names.size > MAX_DECLARED_NAMES) invalid(field, `declares ${names.size} names, more than ${MAX_DECLARED_NAMES}`, `only the first ${MAX_DECLARED_NAMES} are kept`);
    declared[list] = [...names].slice(0, MAX_DECLARED_NAMES);
  }
  return { declared, findings };
}

/**
 * The declaration against the plugin's tiers: each entitlement or metric a tier sells that the
 * package does not declare is a MEDIUM `licensing/undeclared` finding ("tier pro sells team-sync
 * but the package never checks it"; a package without a declaration declares nothing); each
 * declared one that no tier sells is an INFO `licensing/unsold`. No tiers: nothing to compare.
 */
export function compareWithTiers(declared: DeclaredLicensing | null, tiers: readonly TierOffer[], manifestText: string): QualityFinding[] {
  if (tiers.length === 0) return [];
  const position = declared ? positionOf(manifestText, /"marketdesk"\s*:/) : { line: null, column: null, snippet: null };
  const findings: QualityFinding[] = [];
  for (const list of Object.keys(LISTS) as ListName[]) {
    const noun = list === 'entitlements' ? 'entitlement' : 'metric';
    const verb = list === 'entitlements' ? 'checks' : 'reports';
    const soldBy = new Map<string, string[]>();
    for (const tier of tiers) {
      for (const name of tier[list]) soldBy.set(name, [...(soldBy.get(name) ?? []), tier.key]);
    }
    const own = new Set(declared?.[list] ?? []);
    for (const [name, keys] of soldBy) {
      if (own.has(name)) continue;
      const sellers = keys.length === 1 ? `tier ${keys[0]} sells` : `tiers ${keys.slice(0, -1).join(', ')} and ${keys.at(-1)} sell`;
      findings.push({ ruleId: 'licensing/undeclared', severity: SCANNER_RULES['licensing/undeclared'].severity, file: 'package.json', ...position, message: `${sellers} the ${noun} ${name} but the package never ${verb} it (not in marketdesk.${list}).` });
    }
    for (const name of own) {
      if (soldBy.has(name)) continue;
      findings.push({ ruleId: 'licensing/unsold', severity: SCANNER_RULES['licensing/unsold'].severity, file: 'package.json', ...position, message: `The package declares the ${noun} ${name} (marketdesk.${list}) but no tier of the plugin sells it.` });
    }
  }
  return findings;
}

/** `{ line, column, snippet }` of the first match of `pattern` in package.json, or nulls. */
function positionOf(text: string, pattern: RegExp): { line: number | null; column: number | null; snippet: string | null } {
  const offset = text.search(pattern);
  if (offset === -1) return { line: null, column: null, snippet: null };
  const lines = new SourceLines(text);
  const { line, column } = lines.position(offset);
  return { line, column, snippet: lines.snippet(line, column) };
}

/** A short, safe rendering of a JSON value for a message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 70 ? `${value.slice(0, 70)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function nameRule(list: ListName): string {
  return list === 'entitlements' ? '1–64 characters of a–z, 0–9, ".", "_" or "-"' : '1–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter';
}
