/** The few package.json fields a reviewer reads, from the manifest the API returns as unknown JSON. */

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

export interface ManifestSummary {
  name: string | null;
  version: string | null;
  description: string | null;
  license: string | null;
  main: string | null;
  types: string | null;
  homepage: string | null;
  repository: string | null;
  scripts: { name: string; command: string; isInstallTime: boolean }[];
  dependencies: number;
}

const readString = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

function readRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function readManifest(raw: unknown): ManifestSummary | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const manifest = raw as Record<string, unknown>;
  const repository = readRecord(manifest.repository);
  return {
    name: readString(manifest.name),
    version: readString(manifest.version),
    description: readString(manifest.description),
    license: readString(manifest.license),
    main: readString(manifest.main),
    types: readString(manifest.types) ?? readString(manifest.typings),
    homepage: readString(manifest.homepage),
    repository: readString(manifest.repository) ?? readString(repository.url),
    scripts: Object.entries(readRecord(manifest.scripts)).map(([name, command]) => ({ name, command: String(command), isInstallTime: INSTALL_SCRIPTS.includes(name) })),
    dependencies: Object.keys(readRecord(manifest.dependencies)).length,
  };
}
