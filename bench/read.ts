// What a measured call's caller does with its result: reads every field of it. The evaluator benchmarks time the
// call and this read together, for every implementation alike (bench/eval-child.ts), so work an implementation put
// off until a field is read (a getter, a proxy, a string built on first use) is timed as well — a result that was
// never read cannot look faster than one that was built whole. Each reader returns a number the caller adds to its
// sink, so no read can be optimised away.
import type { HwDecision } from './handwritten.ts';
import type { CompactOut } from './impls.ts';

interface ReasonOut {
  readonly code: string;
  readonly message: string;
  readonly args: Readonly<Record<string, string>>;
}

/** A decision of `evaluate` (the generated module's or the reference's), as the benchmark sees it. */
interface DecisionOut {
  readonly subject: string;
  readonly asOf: string;
  readonly total: string;
  readonly benefits: readonly BenefitOut[];
}

interface BenefitOut {
  readonly id: string;
  readonly clause: string | null;
  readonly title: string;
  readonly status: string;
  readonly amount: string | null;
  readonly ceiling: string | null;
  readonly fund: string | null;
  readonly payer?: string;
  readonly kind?: string;
  readonly payment: string | null;
  readonly outcome: string | null;
  readonly reasons: readonly ReasonOut[];
  readonly missing: readonly string[];
  readonly trace?: readonly string[];
  readonly annualCap?: object;
  readonly runningTotal?: object;
  readonly cumulativeCap?: object;
  readonly instalments?: object;
}

const len = (s: string | null | undefined): number => (s === null || s === undefined ? 0 : s.length);

/** Every own field of a plain record (the money states: strings, numbers, booleans, nulls, arrays of records). */
function readAny(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object' || v === null) return 1;
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += readAny(x);
  else for (const k of Object.keys(v)) n += readAny((v as Record<string, unknown>)[k]);
  return n;
}

/** Every field of a full decision: each benefit's fields, each reason's code, message and arguments, missing facts, trace and states. */
export function readDecision(d: DecisionOut): number {
  let n = len(d.subject) + len(d.asOf) + len(d.total);
  const bs = d.benefits;
  for (let i = 0; i < bs.length; i++) {
    const b = bs[i]!;
    n += len(b.id) + len(b.clause) + len(b.title) + len(b.status) + len(b.amount) + len(b.ceiling) + len(b.fund) + len(b.payer) + len(b.kind) + len(b.payment) + len(b.outcome);
    const rs = b.reasons;
    for (let j = 0; j < rs.length; j++) {
      const r = rs[j]!;
      n += len(r.code) + len(r.message);
      const a = r.args;
      for (const k in a) n += len(a[k]);
    }
    const ms = b.missing;
    for (let j = 0; j < ms.length; j++) n += len(ms[j]);
    if (b.trace !== undefined) for (let j = 0; j < b.trace.length; j++) n += len(b.trace[j]);
    if (b.annualCap !== undefined) n += readAny(b.annualCap);
    if (b.runningTotal !== undefined) n += readAny(b.runningTotal);
    if (b.cumulativeCap !== undefined) n += readAny(b.cumulativeCap);
    if (b.instalments !== undefined) n += readAny(b.instalments);
  }
  return n;
}

/** Every field of the hand-written code's decisions. */
export function readHw(ds: readonly HwDecision[]): number {
  let n = 0;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    n += d.id.length + d.status.length + d.fen;
  }
  return n;
}

/** Every field of the fast path's compact decisions. */
export function readCompact(ds: readonly CompactOut[]): number {
  let n = 0;
  for (let i = 0; i < ds.length; i++) {
    const d = ds[i]!;
    n += d.benefit.length + d.status.length + (d.fen === null ? 0 : typeof d.fen === 'number' ? d.fen : 1) + len(d.code);
  }
  return n;
}
