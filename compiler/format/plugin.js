// What prettier loads (`--plugin ./compiler/format/plugin.js`, or `plugins`
// in a prettier config): the plugin from the compiled bundle
// (compiler/load.js), or plugin.ts through tsx if there is none.
//   npx prettier --plugin ./compiler/format/plugin.js --write "policies/**/*.policy"
import { load } from '../load.js';

const { default: plugin } = await load('prettier-plugin');

export default plugin;
