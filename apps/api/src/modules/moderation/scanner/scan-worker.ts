/**
 * The tasks a scan pool thread runs (loaded through scan-worker-boot.mjs; `scan-pool.ts` names
 * them by key). Each takes one structured-cloneable input and resolves with a cloneable result.
 */
import { analyzeFiles } from './analyze-sources.ts';

export const scanTasks = {
  /** Secrets, AST rules, minified/obfuscated check and line counts of a slice of a package's files. */
  analyzeFiles: (input: Parameters<typeof analyzeFiles>[0]) => analyzeFiles(input),
};

export type ScanTasks = typeof scanTasks;
