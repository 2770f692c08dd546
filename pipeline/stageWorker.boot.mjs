// Entry of the stage worker thread when crossframe runs from its TypeScript sources: registers
// the tsx loader in this thread (loader hooks are per thread on Node 20), then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./stageWorker.ts');
