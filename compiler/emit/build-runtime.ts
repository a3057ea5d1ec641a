// `npm run build:runtime`: bundles the runtime a generated evaluator embeds (./bundle.ts) and writes it to
// ./runtime-text.ts. Run it after changing any module listed in RUNTIME_MODULES; the test
// test/emit/runtime-bundle.test.ts fails until you do.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleRuntime, runtimeTextModule } from './bundle.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const out = fileURLToPath(new URL('./runtime-text.ts', import.meta.url));
writeFileSync(out, runtimeTextModule(bundleRuntime((path) => readFileSync(ROOT + path, 'utf8'))));
process.stdout.write(`${out}\n`);
