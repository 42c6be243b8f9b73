/**
 * Worker thread entry (loaded through analyze-worker-boot.mjs). Answers each `{ id, input }`
 * with `{ id, ok, analysis | message }`; the worker is reused across scans until it is
 * terminated (on a timeout, or when the pool has enough idle workers).
 */
import { parentPort } from 'node:worker_threads';
import { analyzeSources, type SourceAnalysisInput } from './analyze-sources.ts';

parentPort!.on('message', async ({ id, input }: { id: number; input: SourceAnalysisInput }) => {
  try {
    parentPort!.postMessage({ id, ok: true, analysis: await analyzeSources(input) });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
