// The compiler benchmark process (spawned by run.ts): check (compile(): parse
// + check) and build (emitTypeScript) of the real policy and of synthetic
// policies of 100, 1,000 and 10,000 benefits. Each run times the baseline B
// first, then every size once. Prints one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { compile } from '../compiler/index.ts';
import { check } from '../compiler/check.ts';
import { emitTypeScript } from '../compiler/emit/index.ts';
import { parseDirect } from '../grammar/parser.ts';
import type { PolicyFile } from '../grammar/ast.ts';
import { lex } from '../grammar/tokens.ts';
import { POLICY_FILE } from './impls.ts';
import { loadAvgNow } from './machine.ts';
import { baselinePopulation, now, runBaseline } from './stats.ts';
import { synthPolicy } from './synth.ts';

export interface CompilerCase {
  name: string;
  benefits: number;
  lines: number;
  chars: number;
  /** Per run, ms. */
  checkMs: number[];
  buildMs: number[];
  /** One extra pass split by phase (ms): lex, parse (CST), AST, check, emit. */
  phases?: Record<string, number>;
}

export interface CompilerResult {
  cases: CompilerCase[];
  baselineMs: number[];
  load: [number, number];
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as { sizes: number[]; runs: number };
const log = (m: string) => process.stderr.write(`  [compiler] ${m}\n`);
const load0 = loadAvgNow();

const texts: { name: string; text: string }[] = [
  { name: '萧人社〔2025〕3号', text: readFileSync(POLICY_FILE, 'utf8') },
  ...cfg.sizes.map((k) => ({ name: `synthetic ${k.toLocaleString('en')} benefits`, text: synthPolicy(k) })),
];
const cases: CompilerCase[] = [];
for (const { name, text } of texts) {
  const c = compile(text);
  // Valid policies only: a policy with errors is not built, and its cost would not be comparable.
  if (c.hasErrors)
    throw new Error(`${name}: ${c.diagnostics.filter((d) => d.severity === 'error').length} errors, first ${c.diagnostics[0]?.code}`);
  if (c.diagnostics.length && name.startsWith('synthetic'))
    throw new Error(`${name}: unexpected diagnostics ${c.diagnostics.map((d) => d.code).join(', ')}`);
  cases.push({ name, benefits: c.model.benefits.length, lines: text.split('\n').length, chars: text.length, checkMs: [], buildMs: [] });
  // Warm-up: the first compile of a size also warms the JIT for it.
  emitTypeScript(c.model);
}
const pop = baselinePopulation();
runBaseline(pop);
const baselineMs: number[] = [];
for (let r = 0; r < cfg.runs; r++) {
  baselineMs.push(runBaseline(pop));
  texts.forEach(({ text }, i) => {
    const t0 = now();
    const c = compile(text);
    const t1 = now();
    const ts = emitTypeScript(c.model);
    const t2 = now();
    if (ts.length === 0) throw new Error('empty module');
    cases[i]!.checkMs.push(t1 - t0);
    cases[i]!.buildMs.push(t2 - t1);
  });
  log(
    `run ${r + 1}: B ${baselineMs[r]!.toFixed(0)} ms; ${cases.map((c) => `${c.benefits}: ${(c.checkMs[r]! + c.buildMs[r]!).toFixed(0)} ms`).join(', ')}`,
  );
}
// Where the time goes, phase by phase (three passes per size after the timed runs, the fastest of each phase
// kept, so a garbage collection that happens to fall in one phase does not decide it): which phase is not linear.
texts.forEach(({ text }, i) => {
  const best: Record<string, number> = {};
  const keep = (phase: string, ms: number) => (best[phase] = Math.min(best[phase] ?? Infinity, ms));
  for (let pass = 0; pass < 3; pass++) {
    const t0 = now();
    const lexed = lex(text);
    const t1 = now();
    // The path a file without syntax errors takes (grammar/index.ts parse): the direct parser builds the AST.
    const decls = parseDirect(lexed.tokens);
    if (!decls) throw new Error('the benchmark policy has a syntax error');
    const file: PolicyFile = { kind: 'File', decls, range: { start: 0, end: text.length } };
    const t3 = now();
    const { model } = check(file, text);
    const t4 = now();
    emitTypeScript(model);
    const t5 = now();
    keep('lex', t1 - t0);
    keep('parse', t3 - t1);
    keep('check', t4 - t3);
    keep('emit', t5 - t4);
  }
  cases[i]!.phases = best;
});
const result: CompilerResult = { cases, baselineMs, load: [load0, loadAvgNow()] };
process.stdout.write(JSON.stringify(result) + '\n');
