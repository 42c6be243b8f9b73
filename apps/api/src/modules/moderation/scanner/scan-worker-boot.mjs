// The scan pool's thread entry (piscina `filename`). Worker threads do not inherit `--import tsx`
// module hooks on Node 20, so the thread registers tsx itself before loading the TypeScript tasks;
// piscina calls the export named by each run's `name`.
import { register } from 'tsx/esm/api';

register();
const tasks = import('./scan-worker.ts');

/** @param {import('./analyze-sources.ts').SourceAnalysisInput} input */
export async function analyzeFiles(input) {
  return (await tasks).scanTasks.analyzeFiles(input);
}
