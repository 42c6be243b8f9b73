// Worker threads do not inherit `--import tsx` module hooks on Node 20, so the worker registers
// tsx itself before loading the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./analyze-worker.ts');
