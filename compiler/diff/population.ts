// A synthetic population for a policy, so an officer without data can still
// see what an amendment does: each subject draws every fact from its declared
// type — yes/no, each level, each enum value, counts per level, dates around
// the policy's period — and numbers from the policy's own thresholds and caps
// (the value itself and the values next to it) half of the time, so the
// boundaries are hit, else from a range around them. Given the models and a
// seed the records are always the same. Nothing here does IO.
import type { Benefit, Fact, Model } from '../model.ts';
import { addDays } from '../dates.ts';
import { candidatesFor } from './edges.ts';
import type { SubjectRecord } from './impact.ts';

export interface PopulationOptions {
  n: number;
  seed: number;
  /** Only these subject types (default: every type some benefit applies to). */
  subjects?: string[];
  /** Share of facts left out (not known), so undetermined decisions show too. */
  missing?: number;
}

/** Mulberry32: small, fast, and the same sequence on every platform. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Drawer {
  name: string;
  draw: (r: () => number) => unknown;
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;

function numberOf(x: unknown): number {
  return typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : 0;
}

function drawerFor(fact: Fact, models: Model[], subject: string, benefits: Benefit[], from: string, to: string): Drawer {
  const t = fact.type;
  const name = fact.name;
  switch (t.kind) {
    case 'bool':
      return { name, draw: (r) => r() < 0.5 };
    case 'level': {
      const names = [...new Set(models.flatMap((m) => m.levels.get(t.of)?.levels.map((l) => l.name) ?? []))];
      return { name, draw: (r) => pick(names, r) };
    }
    case 'enum': {
      const names = [...new Set(models.flatMap((m) => m.enums.get(t.of)?.values.map((v) => v.name) ?? []))];
      return { name, draw: (r) => pick(names, r) };
    }
    case 'perLevel': {
      const levels = [...new Set(models.flatMap((m) => m.levels.get(t.of)?.levels.map((l) => l.name) ?? []))];
      return {
        name,
        draw: (r) => {
          const out: Record<string, number> = {};
          for (const l of levels) if (r() < 0.4) out[l] = Math.floor(r() * 20) + 1;
          return out;
        },
      };
    }
    case 'quantity': {
      const points = candidatesFor(name, models, subject, benefits).filter((x) => x !== undefined) as (number | string)[];
      const money = 'yuan' in t.unit;
      const top = Math.max(10, ...points.map(numberOf)) * 1.5;
      return {
        name,
        draw: (r) => {
          if (points.length > 1 && r() < 0.5) return pick(points, r);
          const v = Math.floor(r() * top);
          // Money as a decimal string in whole yuan; counts as integers. A place (名) starts at 1.
          if (money) return `${v}.00`;
          return 'rank' in t.unit ? v + 1 : v;
        },
      };
    }
    case 'date': {
      const days = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 86400000));
      return { name, draw: (r) => addDays(to, -Math.floor(r() * days)) };
    }
    default:
      return { name, draw: () => undefined };
  }
}

/** The records of a synthetic population, one at a time (1,000,000 need no memory). */
export function* population(models: Model[], opts: PopulationOptions): Generator<SubjectRecord> {
  const r = seeded(opts.seed);
  const missing = opts.missing ?? 0.02;
  const types = opts.subjects ?? [...new Set(models.flatMap((m) => m.benefits.flatMap((b) => b.subjects)))].filter((s) => models.some((m) => m.subjects.has(s)));
  const effective = models.map((m) => m.header.effective).filter((x): x is string => !!x).sort()[0] ?? '2025-01-01';
  const end = models.map((m) => m.header.end).filter((x): x is string => !!x).sort().pop() ?? addDays(effective, 3 * 365);
  const drawers = new Map<string, Drawer[]>();
  for (const s of types) {
    const facts = new Map<string, Fact>();
    for (const m of models) for (const [k, f] of m.subjects.get(s)?.facts ?? []) if (!facts.has(k) && !f.derived) facts.set(k, f);
    const benefits = models.flatMap((m) => m.benefits.filter((b) => b.subjects.includes(s)));
    drawers.set(
      s,
      // Dates from three years before the policy starts (a period's start) to its end.
      [...facts.values()].map((f) => drawerFor(f, models, s, benefits, addDays(effective, -3 * 365), end)),
    );
  }
  const width = String(opts.n).length;
  for (let i = 1; i <= opts.n; i++) {
    const subject = pick(types, r);
    const facts: Record<string, unknown> = {};
    for (const d of drawers.get(subject)!) {
      const v = d.draw(r);
      if (v !== undefined && r() >= missing) facts[d.name] = v;
    }
    yield { id: `S${String(i).padStart(width, '0')}`, subject, facts };
  }
}
