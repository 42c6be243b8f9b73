import type { Language } from 'prism-react-renderer';

const BY_EXTENSION: Record<string, Language> = {
  js: 'javascript', cjs: 'javascript', mjs: 'javascript', jsx: 'jsx', ts: 'typescript', cts: 'typescript', mts: 'typescript', tsx: 'tsx',
  json: 'json', md: 'markdown', markdown: 'markdown', css: 'css', yml: 'yaml', yaml: 'yaml', sh: 'bash', py: 'python', go: 'go', rs: 'rust', html: 'markup', xml: 'markup', svg: 'markup',
};

/** The Prism grammar for a package path, by extension; plain text when Prism has none bundled. */
export function languageOf(path: string): Language {
  const extension = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[extension] ?? 'text';
}
