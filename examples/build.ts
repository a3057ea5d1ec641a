// Generates the evaluator the example server imports:
//   node --import tsx examples/build.ts
// writes examples/generated/xiaoshan-xinxiaojiang-2025-3.ts and its
// .schema.json — the same files `policy build` writes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../compiler/index.ts';
import { emitSchema, emitTypeScript } from '../compiler/emit/index.ts';

export const NAME = 'xiaoshan-xinxiaojiang-2025-3';
const root = new URL('..', import.meta.url);

export function buildExample(): string[] {
  const source = new URL(`policies/${NAME}.policy`, root);
  const c = compile(readFileSync(source, 'utf8'));
  if (c.hasErrors) throw new Error(`${NAME}.policy has errors`);
  const out = new URL('examples/generated/', root);
  mkdirSync(out, { recursive: true });
  const ts = new URL(`${NAME}.ts`, out);
  const schema = new URL(`${NAME}.schema.json`, out);
  writeFileSync(ts, emitTypeScript(c.model, { sourceName: `${NAME}.policy` }));
  writeFileSync(schema, JSON.stringify(emitSchema(c.model), null, 2) + '\n');
  return [fileURLToPath(ts), fileURLToPath(schema)];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of buildExample()) process.stdout.write(`${f}\n`);
}
