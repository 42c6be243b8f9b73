/**
 * Runs `analyzeSources` in a worker thread. The parse and regex work is synchronous; in a worker
 * it neither blocks the API's event loop nor escapes the time limit: on abort the worker is
 * terminated wherever it is, even inside a pathological regular expression.
 *
 * Workers are kept for the next scan (starting one costs ~0.3–0.5 s: tsx, oxc-parser and
 * secretlint load in it). Idle workers are unref'd, so they never keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SourceAnalysis, SourceAnalysisInput } from './analyze-sources.ts';
import { ScanError, throwIfAborted } from './scan-error.ts';

const BOOT = new URL('./analyze-worker-boot.mjs', import.meta.url);
/** A package whose analysis needs more heap than this fails instead of taking the API down. */
const WORKER_HEAP_MB = 1024;
const MAX_IDLE_WORKERS = Math.max(1, Math.min(4, availableParallelism()));

type Reply = { id: number; ok: true; analysis: SourceAnalysis } | { id: number; ok: false; message: string };

const idleWorkers: Worker[] = [];
let nextId = 0;

function startWorker(): Worker {
  const worker = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  // A worker that dies while idle must not be handed to the next scan.
  worker.on('exit', () => {
    const index = idleWorkers.indexOf(worker);
    if (index !== -1) idleWorkers.splice(index, 1);
  });
  return worker;
}

/** Resolves with the analysis; rejects with the abort reason (TIMEOUT) or ANALYZER_FAILED. */
export async function analyzeInWorker(input: SourceAnalysisInput, signal?: AbortSignal): Promise<SourceAnalysis> {
  throwIfAborted(signal);
  const worker = idleWorkers.pop() ?? startWorker();
  worker.ref();
  const id = (nextId += 1);
  let isReusable = false;
  let detach = () => {};
  try {
    const analysis = await new Promise<SourceAnalysis>((resolve, reject) => {
      const onAbort = () => reject(signal?.reason);
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        if (reply.ok) resolve(reply.analysis);
        else reject(new ScanError('ANALYZER_FAILED', `the source analysis failed: ${reply.message}`));
      };
      const onError = (error: Error) => reject(new ScanError('ANALYZER_FAILED', `the source analysis failed: ${error.message}`, { cause: error }));
      const onExit = (code: number) => reject(new ScanError('ANALYZER_FAILED', `the analysis worker exited (code ${code})`));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      detach = () => {
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.postMessage({ id, input });
    });
    isReusable = true;
    return analysis;
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  } finally {
    detach();
    if (isReusable && idleWorkers.length < MAX_IDLE_WORKERS) {
      worker.unref();
      idleWorkers.push(worker);
    } else {
      await worker.terminate();
    }
  }
}
