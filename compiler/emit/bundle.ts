// Bundles the runtime a generated evaluator embeds from the compiler's own modules: exact rationals
// (rational.ts), civil dates (dates.ts), message templates (template.ts), input validation (input.ts),
// money over time (ledger.ts), the decision steps and their wording (decision/steps.ts, decision/words.ts:
// the same code the reference evaluator runs) and the emit target's small runtime (emit/runtime/*.ts:
// three-valued expression helpers, the API glue). Each module becomes a TypeScript namespace,
// its imports of the other modules become namespace aliases, so the generated module stays one
// self-contained, fully typed file with no imports.
//
// The bundle is made at build time, not when a policy is built: `npm run build:runtime` writes it to
// ./runtime-text.ts as a string constant, which typescript.ts imports — so the compiler reads no file at
// run time and runs unchanged in a browser. test/emit/runtime-bundle.test.ts bundles the sources again and
// fails when runtime-text.ts is stale.
//
// What a runtime module may contain (checked here, with an error naming the file and the line):
// `import { … } from './x.ts'`, `import type { … } from './x.ts'` and `import * as X from './x.ts'` of
// other runtime modules only; no re-exports. Lines above a `// ---- runtime begins ----` marker are
// dropped (emit/runtime/*.ts declare there the tables the generated module defines).

export interface RuntimeModule {
  /** Path from the repository root. */
  readonly path: string;
  /** The namespace it becomes in the generated module. */
  readonly ns: string;
}

/** The runtime's modules, each after the modules it imports. */
export const RUNTIME_MODULES: readonly RuntimeModule[] = [
  { path: 'compiler/rational.ts', ns: 'Rational' },
  { path: 'compiler/dates.ts', ns: 'Dates' },
  { path: 'compiler/template.ts', ns: 'Template' },
  { path: 'compiler/input.ts', ns: 'Input' },
  { path: 'compiler/ledger.ts', ns: 'Ledger' },
  { path: 'compiler/decision/steps.ts', ns: 'Steps' },
  { path: 'compiler/decision/words.ts', ns: 'Words' },
  { path: 'compiler/emit/runtime/values.ts', ns: 'Values' },
  { path: 'compiler/emit/runtime/decide.ts', ns: 'Runtime' },
];

const MARKER = '// ---- runtime begins ----';

function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '.' || p === '') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.join('/');
}

const IMPORT = /^import\s+(type\s+)?(\{[^}]*\}|\*\s+as\s+[\p{ID_Start}$_][\p{ID_Continue}$]*)\s+from\s+'([^']+)';[ \t]*$/gmu;

/** One module as a namespace; `byPath` maps the paths of the runtime's modules to their namespaces. */
export function namespaceOf(mod: RuntimeModule, text: string, byPath: ReadonlyMap<string, string>): string {
  const at = text.indexOf(MARKER);
  let body = at >= 0 ? text.slice(at + MARKER.length) : text;
  const fail = (why: string, index: number): never => {
    const offset = at >= 0 ? text.slice(0, at + MARKER.length).split('\n').length - 1 : 0;
    const line = offset + body.slice(0, index).split('\n').length;
    throw new Error(`${mod.path}:${line}: ${why}`);
  };
  body = body.replace(IMPORT, (_all, _type: string | undefined, what: string, spec: string, offset: number) => {
    const target = byPath.get(resolve(mod.path, spec));
    if (!target) return fail(`imports ${spec}, which is not a runtime module (compiler/emit/bundle.ts RUNTIME_MODULES)`, offset);
    if (what.startsWith('*')) return `import ${what.replace(/^\*\s+as\s+/, '')} = ${target};`;
    const names = what
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => s.replace(/^type\s+/, ''));
    return names
      .map((n) => {
        const m = /^([\p{ID_Start}$_][\p{ID_Continue}$]*)(?:\s+as\s+([\p{ID_Start}$_][\p{ID_Continue}$]*))?$/u.exec(n);
        if (!m) return fail(`cannot read the import of ${JSON.stringify(n)}`, offset);
        return `import ${m[2] ?? m[1]} = ${target}.${m[1]};`;
      })
      .join('\n');
  });
  const stray = /^(import\s+(?![\p{ID_Start}$_][\p{ID_Continue}$]*\s+=\s)|export\s+(\*|\{[^}]*\}\s+from|type\s+\{[^}]*\}\s+from))/mu.exec(body);
  if (stray) fail(`a runtime module may not ${stray[1]!.startsWith('import') ? 'import this way' : 're-export'}: ${JSON.stringify(body.slice(stray.index, stray.index + 60))}`, stray.index);
  // Not indented: a template literal spanning lines would change.
  return `// ==== ${mod.path} ====\nnamespace ${mod.ns} {\n${body.trim()}\n}`;
}

/** The runtime as TypeScript, from the text of each module (`read(path)`). */
export function bundleRuntime(read: (path: string) => string): string {
  const byPath = new Map(RUNTIME_MODULES.map((m) => [m.path, m.ns]));
  return RUNTIME_MODULES.map((m) => namespaceOf(m, read(m.path), byPath)).join('\n\n') + '\n';
}

/** The text of ./runtime-text.ts for a bundle. */
export function runtimeTextModule(bundle: string): string {
  return [
    '// Generated by `npm run build:runtime` (compiler/emit/bundle.ts) from the modules listed in RUNTIME_MODULES.',
    '// Do not edit: change those modules and run it again (test/emit/runtime-bundle.test.ts fails while this is stale).',
    '',
    `export const RUNTIME_TEXT = ${JSON.stringify(bundle).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')};`,
    '',
  ].join('\n');
}
