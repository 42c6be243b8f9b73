/**
 * Runs `analyzeSources` on the scan pool (`scan-pool.ts`): the package's files are cut into
 * slices of consecutive files, each slice one pool task, so that a big package (typescript:
 * two files of 6 and 9 MB) keeps every thread busy, and two packages scanned at once share the
 * threads. The slices' results are combined in file order, so the analysis is the same as one
 * pass on one thread.
 *
 * On abort (the scan's timeout, or the linter beside it failing), queued slices are dropped and
 * the threads running this package's slices are terminated — only those: other scans' slices
 * keep running.
 */
import { setMaxListeners } from 'node:events';
import { combineAnalyses, type SourceAnalysis, type SourceAnalysisInput } from './analyze-sources.ts';
import { isCodeFile } from './package-files.ts';
import { MAX_ANALYZED_SOURCE_BYTES, MAX_SECRET_SCAN_BYTES } from './limits.ts';
import { runScanTask } from './scan-pool.ts';
import { asScanError, ScanError, throwIfAborted } from './scan-error.ts';
import type { PackageFile } from './types.ts';

/** Bytes of files to read per slice (1 MB): large enough that a task's round trip is noise, small enough to spread a package over the threads. */
const SLICE_BYTES = 1024 * 1024;
/** Files per slice at most: a thousand tiny files are still worth two threads. */
const SLICE_FILES = 100;

/** Resolves with the analysis; rejects with the abort reason (TIMEOUT) or ANALYZER_FAILED. */
export async function analyzeInWorker(input: SourceAnalysisInput, signal?: AbortSignal): Promise<SourceAnalysis> {
  throwIfAborted(signal);
  const slices = sliceFiles(input.files);
  // One failed slice stops this package's other slices at once, as a timeout would.
  const stop = new AbortController();
  const sliceSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  // The pool listens to the signal once per slice (a large package has tens of slices): not a leak, each listener goes with its task.
  setMaxListeners(slices.length + 10, sliceSignal);
  try {
    const parts = await Promise.all(
      slices.map((files) =>
        runScanTask('analyzeFiles', { root: input.root, files }, sliceSignal).catch((error: unknown) => {
          stop.abort(error);
          throw error;
        }),
      ),
    );
    return combineAnalyses(input.files, parts);
  } catch (error) {
    throwIfAborted(signal);
    const failure = stop.signal.aborted ? stop.signal.reason : error;
    throw asScanError(failure) ?? new ScanError('ANALYZER_FAILED', `the source analysis failed: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
  }
}

/**
 * Consecutive runs of `files` of at most SLICE_BYTES to read (a larger file is a slice of its
 * own) and SLICE_FILES files. Files the analysis does not read (over its size limits) weigh nothing.
 */
export function sliceFiles(files: PackageFile[]): PackageFile[][] {
  const slices: PackageFile[][] = [];
  let current: PackageFile[] = [];
  let bytes = 0;
  for (const file of files) {
    const weight = bytesRead(file);
    if (current.length > 0 && (bytes + weight > SLICE_BYTES || current.length >= SLICE_FILES)) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += weight;
  }
  if (current.length > 0 || slices.length === 0) slices.push(current);
  return slices;
}

function bytesRead(file: PackageFile): number {
  const limit = isCodeFile(file.path) ? MAX_ANALYZED_SOURCE_BYTES : MAX_SECRET_SCAN_BYTES;
  return file.size > limit ? 0 : file.size;
}
