// Worker thread entry for `policy batch`. The sources are TypeScript, loaded
// through tsx's hooks in this thread as compiler/bin.js does in the main one.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
