// `npm run bench:eval`: the targets of issue #14 for generated evaluators, measured on their own (the full
// `npm run bench` measures the same variants among everything else, and reports the same targets):
//
//   the fast path — `decide` on subjects prepared once (checked and typed outside the timed sections) — against
//   the hand-written implementation (bench/handwritten.ts) over BENCH_N subjects (default 1,000,000): ≥ 0.8× its
//   throughput, ≤ 1 µs per subject;
//   the full `evaluate()` with reasons (JSON in, checked every call): ≥ 5× faster than the 14.1 µs per subject the
//   generated evaluator took before (bench/RESULTS.md, commit 695ca93), i.e. ≤ 2.8 µs; in ratios to the
//   hand-written code in the same process, ≥ 5 × 0.0148×.
//
// Agreement first (BENCH_AGREE_N subjects, default 200,000): evaluate, the fast path, the reference and the
// hand-written code give the same counts and sums per benefit, or nothing is timed. Each variant runs in a child
// process of its own, interleaved chunk by chunk with the hand-written baseline (bench/eval-child.ts); wall time
// and CPU time of the process are both recorded. Writes the <!-- eval:start --> section of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TimeResult, Variant } from './eval-child.ts';
import { ROOT, writeGenerated, type BenefitTotals } from './impls.ts';
import { loadAvgNow, machine } from './machine.ts';
import { median, spread, type Spread } from './stats.ts';

const env = process.env;
const N = Number(env['BENCH_N'] ?? 1_000_000);
const N_FULL = Number(env['BENCH_N_FULL'] ?? 200_000);
const AGREE_N = Number(env['BENCH_AGREE_N'] ?? 200_000);
const RUNS = Number(env['BENCH_RUNS'] ?? 5);
const OUT = env['BENCH_OUT'] ?? join(ROOT, 'bench/RESULTS.md');
/** The generated evaluator's `evaluate` before issue #14 (bench/RESULTS.md at commit 695ca93, load 0.9–3.1). */
const BEFORE_US = 14.1;
const BEFORE_VS_HW = 0.0148;

const say = (m: string) => process.stderr.write(`[bench:eval] ${m}\n`);

function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/eval-child.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`eval-child ${args[0]} failed (exit ${r.status})`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

const sig = (x: number, d = 3) => (x >= 100 ? x.toFixed(0) : Number(x.toPrecision(d)).toString());
const fmt = (s: Spread, unit = '') => `${sig(s.median)}${unit} (${sig(s.min)}–${sig(s.max)})`;
const int = (n: number) => n.toLocaleString('en');

const host = machine();
const uptime = () => spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
const up0 = uptime();
const load0 = loadAvgNow();
const generatedFile = await writeGenerated();
say(`agreement over ${int(AGREE_N)} subjects… (${up0})`);
const agreement = child<{ problems: string[]; totals: [string, BenefitTotals][]; seconds: number }>([
  'agree',
  JSON.stringify({ generatedFile, n: AGREE_N, jreN: 2_000, traceN: 2_000 }),
]);
if (agreement.problems.length) {
  process.stderr.write(`The implementations disagree; nothing was timed:\n${agreement.problems.join('\n')}\n`);
  process.exit(1);
}
const timings = new Map<Variant, TimeResult>();
for (const [variant, n] of [
  ['gen-fast', N],
  ['gen', N_FULL],
] as const) {
  say(`timing ${variant} over ${int(n)} subjects, ${RUNS} runs…`);
  timings.set(variant, child<TimeResult>(['time', JSON.stringify({ variant, generatedFile, n, runs: RUNS })]));
}
const up1 = uptime();
const load1 = loadAvgNow();

const per = (t: TimeResult, f: (r: TimeResult['runs'][number]) => number) => spread(t.runs.map(f));
const fast = timings.get('gen-fast')!;
const full = timings.get('gen')!;
const row = (name: string, t: TimeResult) => {
  const wallUs = per(t, (r) => (r.variantMs * 1000) / t.n);
  const cpuUs = per(t, (r) => (r.variantCpuMs! * 1000) / t.n);
  const hwCpuUs = per(t, (r) => (r.baselineCpuMs! * 1000) / t.n);
  // Ratios: the median over every chunk of every run of (hand-written time / variant time) on the same subjects back
  // to back; the range in parentheses is that of each run's median chunk ratio.
  const chunkMedian = (pick: (r: TimeResult['runs'][number]) => number[] | undefined, whole: (r: TimeResult['runs'][number]) => number): Spread => {
    const all = t.runs.flatMap((r) => pick(r) ?? [whole(r)]);
    const byRun = spread(t.runs.map((r) => median(pick(r) ?? [whole(r)])));
    return { median: median(all), min: byRun.min, max: byRun.max, n: all.length };
  };
  const ratioWall = chunkMedian((r) => r.chunkRatiosWall, (r) => r.baselineMs / r.variantMs);
  const ratioCpu = chunkMedian((r) => r.chunkRatiosCpu, (r) => r.baselineCpuMs! / r.variantCpuMs!);
  return { name, t, wallUs, cpuUs, hwCpuUs, ratioWall, ratioCpu };
};
const rows = [row('Fast path: `decide` on prepared subjects (compact decisions)', fast), row('`evaluate()` with reasons (JSON in, checked every call)', full)];
const [f, e] = rows as [ReturnType<typeof row>, ReturnType<typeof row>];
const targets = [
  ['Compiled evaluator on pre-validated typed subjects, throughput vs hand-written (CPU time, same process)', '≥ 0.8×', fmt(f.ratioCpu, '×'), f.ratioCpu.median >= 0.8],
  ['… the same in wall time', '≥ 0.8×', fmt(f.ratioWall, '×'), f.ratioWall.median >= 0.8],
  ['Compiled evaluator, µs per subject (CPU time)', '≤ 1 µs', fmt(f.cpuUs, ' µs'), f.cpuUs.median <= 1],
  ['Full `evaluate()` with reasons, µs per subject (CPU time), vs 14.1 µs before', '≥ 5× faster (≤ 2.8 µs)', `${fmt(e.cpuUs, ' µs')}: ${sig(BEFORE_US / e.cpuUs.median)}× faster`, e.cpuUs.median <= BEFORE_US / 5],
  [
    'Full `evaluate()`, throughput vs hand-written (CPU time), vs 0.0148× before',
    '≥ 0.074×',
    `${fmt(e.ratioCpu, '×')}: ${sig(e.ratioCpu.median / BEFORE_VS_HW)}× the ratio before`,
    e.ratioCpu.median >= BEFORE_VS_HW * 5,
  ],
] as const;
const out: string[] = [
  '<!-- eval:start -->',
  '## Generated evaluators, issue #14: `npm run bench:eval`',
  '',
  `Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${host.commit}, ${host.cpu}, ${host.cores} cores, Node ${host.node}. \`uptime\` at the start: \`${up0}\`; at the end: \`${up1}\` (1-minute load ${sig(load0)} → ${sig(load1)} on ${host.cores} cores).${Math.max(load0, load1) > host.cores ? ' **The machine was heavily shared**: wall times are several times those of an idle machine and noisy; CPU time of the measuring process (user + system, `process.cpuUsage`) is less disturbed, so the targets are judged on it, with the wall-time figures beside them.' : ''}`,
  '',
  `The seed policy 萧人社〔2025〕3号, the synthetic population of bench/population.ts (all 11 subject types, ~6 % of facts missing, ledgers for a quarter of enterprises and training bases), as of 2026-06-15 with the three 按规定 parameters. **Agreement first:** over ${int(AGREE_N)} subjects \`evaluate\`, the fast path (\`prepare\` + \`decide\`), the reference evaluator and the hand-written code give the same eligible and undetermined counts and the same sums per benefit (and json-rules-engine, traced runs on the first 2,000). Each variant in a process of its own; chunk by chunk of 10,000 subjects, the hand-written code (bench/handwritten.ts: trusts its JSON input, status and amount only) and the variant run back to back (both built to plain JavaScript by esbuild and imported as ES modules, as a developer's build runs them, not through tsx's wrappers) over the same subjects, in alternating order; a throughput ratio is the median over every chunk of every run of (hand-written time / variant time), so a burst of load on the machine moves single chunks, not the figure (in parentheses: the range of the runs' own median chunk ratios). For the fast path the subjects are prepared (facts and ledger checked once, typed records built) outside the timed sections, as a caller that validates once per input does, and kept while decided (the warm-up too); \`evaluate\` gets the JSON every call and checks it. **Every result is read whole inside the timed sections**, the hand-written code's as the variant's (bench/read.ts: each field of each decision, each reason's code, message and arguments, missing facts, states), so no work can hide behind a field never read; \`evaluate\` returns a decision for each of the policy's 21 benefits (the others' shared P4001 decisions included), so reading it costs more than reading the hand-written code's one to three. Median of ${RUNS} runs, min–max in parentheses.`,
  '',
  '| Target | Wanted | Measured | |',
  '|---|---|---|---|',
  ...targets.map(([what, want, got, ok]) => `| ${what} | ${want} | ${got} | ${ok ? '✓' : '✗'} |`),
  '',
  '| Variant | Subjects | µs per subject, CPU | µs per subject, wall | hand-written, µs per subject, CPU | throughput vs hand-written, CPU | throughput vs hand-written, wall | peak RSS |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${int(r.t.n)} | ${fmt(r.cpuUs)} | ${fmt(r.wallUs)} | ${fmt(r.hwCpuUs)} | ${fmt(r.ratioCpu, '×')} | ${fmt(r.ratioWall, '×')} | ${sig(r.t.memory.maxRssMiB)} MiB |`),
  '',
  `What the generated module does per call. Fast path: \`decide\` checks that the subject and the run are \`prepare\`'s and \`context\`'s (\`instanceof\`), calls its subject type's plan through a switch on the type (\`decideTyped\`), which calls one compiled function per benefit of the subject's type (plain comparisons on the typed record, parameters from an array, integer fen checked to stay exact by \`R.addF/subF/mulF\`), a compact decision each; with payments on record (${'企业认定奖励'} and 公益实训资助 in this population) a running total's and an annual cap's ledger sums are read by compiler/ledger.ts \`readLedger\` (\`R.paidFen\`) and the money steps stay compiled code on fen; quotas and payment frequencies go through ledger.ts's refusal functions. \`evaluate\`: the JSON facts read once by the subject type's compiled check (compiler/emit/check.ts: a \`switch\` on each key and straight-line checks of its declared type; other forms through input.ts \`checkValue\`, errors from input.ts \`checkFacts\`; in the same pass the fast path's typed record, left in \`Runtime.CHECKED\`, so no second reading of the facts), the shared P4001 decisions of the other types' benefits, and for each of the subject's benefits its fast decision taken as the whole decision when it fails conditions (a P4003 each, from the bits the fast code leaves in \`R.FAILED\`, one shared, frozen reason per distinct values of the condition's facts, for a one-fact condition found by the value object itself: the compiled checks give enum and level values as module constants and whole numbers below 1,024 as shared objects; also with payments of it on record, since conditions come before every ledger step), is eligible with no note (\`BenefitEntry.plain\`: no money step after rounding but a ceiling — not reached, or cut: P4023 from the amount before the cut the fast code leaves in \`R.CUT\`), is eligible with a running total of which nothing is paid (\`running\`: its state from the window the module states), is eligible with a 视同 value or refused for a value without a standard (P4004) — both read from the value step's own expression (\`value_\` functions) —, is outside its 期限 (P4006 / P4026, the period's dates left in \`R.PERIOD\`), is a running total with nothing due (P4011, the entitlement left in \`R.DUE\`), or is undetermined with its missing facts named in the reference's order (a period's start fact, the conditions' and the value's: \`BenefitEntry.missing\`) — and for the benefits the subject's ledger has no payment of; in this population about 97.5 % of the subject's own decisions (0.046 exact decisions per subject at ed5ae44, 0.109 at 6a9d481). Else its exact decision, one call per step of compiler/decision/steps.ts's \`Decider\` (annual caps and running totals with payments, undetermined decisions whose missing facts the steps do not name plainly); all worded by compiler/decision/words.ts from the module's tables and the one message table. Every string of a result is built flat (joined, not concatenated: no V8 ConsString; test/emit/flat-strings.test.ts reads the representation of every string of 3,000 random results in a V8 heap snapshot), so a reader of every field sees four string representations, not five: its one \`.length\` site stays polymorphic instead of megamorphic (bench/read.ts read a decision in 1.55 µs before, 0.63 µs after, hot, e92a55c).`,
  '',
  `**Where \`evaluate()\`'s time goes** (12-02 ~17:20, removing one part from the generated module, the rest unchanged, CPU time interleaved with the module as it is in one process, bench/eval-ab.ts, under load ~28, at ccefadc): the exact decisions still taken (13 % of the subject's own decisions) ~29 % of the call with their wording and reading — of it undetermined P4012 decisions ~5 %, subjects with payments on record ~3 %; at 508110c, with 6 % exact, ~15 %; checking the options and the JSON facts ~1/5 (profile); reading the whole result (bench/read.ts) ~17 % (profile). At 98b4874 (load ~20): wording ~1/3, exact decisions (16 %) ~2/5, checking ~1/5, reading +40 %. Session 8 (12-02 20:00–21:00, load 20–30, bench/eval-ab.ts in both orders, 30,000–60,000 subjects × 9–15 rounds, each ratio the geometric mean of the two orders; A/A differs by up to ±4 %): sharing whole worded decisions of fast decisions (frozen, per benefit by amount, cut, missing facts, value, failed reasons) 1.00–1.03× — no gain, building a decision object is cheap — and, with a running total's decisions shared too, 1.65×: a fifth shape of decision made the reader's field loads megamorphic; sharing the one P4012 / P4004 / P4023 reason of a fast decision 1.01×; shared values from the compiled checks with a failed condition's reason found by value, and the last parameters object compared first, 0.93–0.95× (kept, 24921a5). Upper bounds of parts, each made free while the rest stays: showing no value in failed conditions' reasons 0.97×, reading the options without \`Object.keys\` 0.98×, the parameters' WeakMap lookup 0.985×. Session 9 (load 13–35, A/B both orders): the typed record built in the check's pass with one type-state lookup ~0.98×; with periods and P4011 taken from the fast decisions and decimal money in the record ~0.93×; shared empty lists and missing facts of periods and designations ~0.99× more. Left: annual caps and running totals with payments on record (企业认定奖励, 公益实训资助: ~85 % of the remaining exact decisions, they need the ledger's states), the facts Map of every call, reading the result. Earlier history: 14.1 µs before issue #14 (695ca93), 4.74 µs quiet at 99efeff with only \`.total\` read.`,
  '<!-- eval:end -->',
  '',
];
const text = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
const section = out.join('\n');
const re = /<!-- eval:start -->[\s\S]*?<!-- eval:end -->\n?/;
writeFileSync(OUT, re.test(text) ? text.replace(re, section) : text.trimEnd() + '\n\n' + section);
process.stdout.write(section);
say(`wrote ${OUT} (${median(fast.runs.map((r) => r.variantMs))} ms median run)`);
