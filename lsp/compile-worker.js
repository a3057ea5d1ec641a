// Bootstrap of the diagnostics worker thread: loader hooks are per thread, so
// the worker registers tsx itself before loading the TypeScript sources.
import { register } from 'tsx/esm/api';

register();
await import('./compile-worker.ts');
