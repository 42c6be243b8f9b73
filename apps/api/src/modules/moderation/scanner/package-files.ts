/** What a file of a package is, from its path alone. Paths are package-relative, `/`-separated. */

const SOURCE_EXTENSION = /\.(js|cjs|mjs|jsx|ts|cts|mts|tsx)$/i;
const DECLARATION = /\.d\.(ts|cts|mts)$|\.d\.[^/.]+\.ts$/i;
const TYPESCRIPT = /\.(ts|cts|mts|tsx)$/i;

/** JavaScript or TypeScript that runs (declarations excluded). */
export const isCodeFile = (path: string) => SOURCE_EXTENSION.test(path) && !DECLARATION.test(path);

/** `.d.ts`, `.d.mts`, `.d.cts` (and `.d.<ext>.ts` for non-JS modules). */
export const isDeclarationFile = (path: string) => DECLARATION.test(path);

/** TypeScript sources, not declarations. */
export const isTypeScriptSource = (path: string) => TYPESCRIPT.test(path) && !DECLARATION.test(path);

/** Dependencies bundled into the tarball are not the creator's code. */
export const isBundledDependency = (path: string) => /(^|\/)node_modules\//.test(path);

const TEST_FOLDER = /(^|\/)(test|tests|__tests__|spec|specs|__specs__)\//i;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test\.[cm]?[jt]s$/i;

/** A test file by the conventions of Jest, Vitest, Mocha, AVA, tap and node:test. */
export const isTestFile = (path: string) => isCodeFile(path) && (TEST_FOLDER.test(path) || TEST_FILE.test(path));

/** The `oxc-parser` language for a source path. */
export function sourceLanguage(path: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (/\.tsx$/i.test(path)) return 'tsx';
  if (TYPESCRIPT.test(path)) return 'ts';
  if (/\.jsx$/i.test(path)) return 'jsx';
  return 'js';
}

/** True when the first bytes hold a NUL, as in images, fonts, wasm, archives. */
export function isBinary(head: Buffer): boolean {
  return head.subarray(0, 8000).includes(0);
}
