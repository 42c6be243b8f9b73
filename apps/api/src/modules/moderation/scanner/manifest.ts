/**
 * The package's package.json: read from the unpacked package root and parsed. A package
 * without one, or with one that is not a JSON object, cannot be reviewed: the scan fails.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanError } from './scan-error.ts';
import type { PackageManifest } from './types.ts';

export interface ManifestSource {
  manifest: PackageManifest;
  /** The file's text, kept to point findings (install scripts) at their line. */
  text: string;
}

/** Throws ScanError MANIFEST_MISSING or MANIFEST_INVALID (with the parser's reason). */
export async function readManifest(root: string): Promise<ManifestSource> {
  let text: string;
  try {
    text = await readFile(join(root, 'package.json'), 'utf8');
  } catch {
    throw new ScanError('MANIFEST_MISSING', 'the package has no package.json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ScanError('MANIFEST_INVALID', `package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ScanError('MANIFEST_INVALID', 'package.json must be a JSON object');
  }
  return { manifest: parsed as PackageManifest, text };
}

/** `manifest.scripts` as a name → command map, ignoring entries that are not strings. */
export function manifestScripts(manifest: PackageManifest): Record<string, string> {
  const scripts = manifest.scripts;
  if (typeof scripts !== 'object' || scripts === null) return {};
  return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A string field of the manifest, or undefined. */
export function manifestString(manifest: PackageManifest, field: string): string | undefined {
  const value = manifest[field];
  return typeof value === 'string' ? value : undefined;
}
