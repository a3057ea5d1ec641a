// Bootstrap of the diagnostics worker thread: the compiled bundle's
// compile-worker entry (compiler/load.js), or the TypeScript source through
// tsx (loader hooks are per thread) if there is no bundle.
import { load } from '../compiler/load.js';

await load('compile-worker');
