// Loads the TypeScript plugin under plain Node 20 (the prettier CLI imports
// plugins with `import()`): registers tsx's loader, then re-exports plugin.ts.
//   npx prettier --plugin ./compiler/format/plugin.js --write "policies/**/*.policy"
import { register } from 'tsx/esm/api';

register();
const { default: plugin } = await import('./plugin.ts');

export default plugin;
