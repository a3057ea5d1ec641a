// Bootstrap of a `policy batch` worker thread: the compiled bundle's
// batch-worker entry (compiler/load.js), or the TypeScript source through tsx
// (loader hooks are per thread) if there is no bundle.
import { load } from '../load.js';

await load('batch-worker');
