// The checker: name resolution, types and units, and the policy-level rules
// (funds, clauses, caps, periods). It lowers the surface AST to the typed IR in
// model.ts while it checks, and never throws: every problem is a diagnostic
// with a code from messages.ts and the exact range of the offending node.
import type * as A from '../grammar/ast.ts';
import { keywordById } from '../grammar/keywords.ts';
import type { MessageId } from './messages.ts';
import type { Benefit, CmpOp, Condition, Example, Fact, Header, IExpr, Model, Payment, Subject, Type, Unit } from './model.ts';
import { cmp as ratCmp, div, isInteger, mul, neg, parseDecimal, rat, ZERO, type Rat, type RoundingMode } from './rational.ts';
import { DIMENSIONLESS, divUnits, isMoney, mulUnits, sameUnit, unitOf, unitText } from './units.ts';
import { isValidIsoDate, levelByName, typeText, validateFacts, type InputError } from './facts.ts';
import { message } from './messages.ts';
import { periodEnd } from './dates.ts';

export interface Diagnostic {
  code: MessageId;
  range: A.Range;
  args: Record<string, string>;
  /** A declared name close to an unknown one: the hint and the quick fix. */
  suggestion?: string;
}

const CMP_OPS: Record<string, CmpOp> = {
  OrAbove: 'ge',
  AndAbove: 'ge',
  Reaches: 'ge',
  Completes: 'ge',
  NotBelow: 'ge',
  GreaterEq: 'ge',
  Exceeds: 'gt',
  Beyond: 'gt',
  Above: 'gt',
  Greater: 'gt',
  OrBelow: 'le',
  AndBelow: 'le',
  Within: 'le',
  NotExceeding: 'le',
  NotAbove: 'le',
  LessEq: 'le',
  Under: 'lt',
  Below: 'lt',
  Less: 'lt',
  Is: 'eq',
  Equals: 'eq',
  IsNot: 'ne',
  NotEq: 'ne',
};

export const cmpOpOf = (tokenId: string): CmpOp => CMP_OPS[tokenId] ?? 'eq';

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.ceil(name.length / 2));
  return bestD <= limit ? best : undefined;
}

/** Clause references are shown with full-width parentheses: 二(三)7 → 二（三）7. */
export const normaliseClause = (s: string): string => s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/\s+/g, '');

const UNKNOWN: Type = { kind: 'unknown' };

/** A keyword named in both languages, as arguments `key` and `keyEn`. */
const kwArgs = (key: string, id: string): Record<string, string> => {
  const spec = keywordById(id);
  return { [key]: spec.zh[0]!, [`${key}En`]: spec.en[0]! };
};

const unitArgs = (key: string, u: Unit): Record<string, string> => ({
  [key]: unitText(u, 'zh'),
  [`${key}En`]: unitText(u, 'en'),
});

/** A word from the message table in both languages, as arguments `key` and `keyEn`. */
function word(key: string, id: MessageId): Record<string, string> {
  return { [key]: message(id, 'zh'), [`${key}En`]: message(id, 'en') };
}

interface Scope {
  facts: Map<string, Fact>;
  subjects: string[];
  /** The benefit being checked, for messages. */
  benefit?: string;
}

class Checker {
  diags: Diagnostic[] = [];
  model: Model = {
    header: { issuers: [] },
    funds: new Map(),
    levels: new Map(),
    enums: new Map(),
    subjects: new Map(),
    params: new Map(),
    benefits: [],
    provisions: [],
    interactions: [],
  };
  /** Top-level names and the range of their first definition. */
  private names = new Map<string, A.Range>();
  /** Level and enum value names → their type. */
  private values = new Map<string, { kind: 'level' | 'enum'; of: string }>();
  private used = new Set<string>();
  /** Set while checking a benefit that names no subject. */
  private subjectless = false;

  constructor(private text: string) {}

  report(code: MessageId, range: A.Range, args: Record<string, string | number> = {}, suggestion?: string) {
    const d: Diagnostic = {
      code,
      range,
      args: Object.fromEntries(Object.entries(args).map(([k, v]) => [k, String(v)])),
    };
    if (suggestion) d.suggestion = suggestion;
    this.diags.push(d);
  }

  lineOf(offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  declare(name: A.Name): boolean {
    const prev = this.names.get(name.text);
    if (prev) {
      this.report('P2001', name.range, {
        name: name.text,
        line: this.lineOf(prev.start),
      });
      return false;
    }
    this.names.set(name.text, name.range);
    return true;
  }

  run(file: A.PolicyFile): Model {
    const policies = file.decls.filter((d): d is A.PolicyDecl => d.kind === 'Policy');
    if (policies.length === 0) this.report('P2018', { start: 0, end: 0 });
    policies.slice(1).forEach((p) => this.report('P2015', { start: p.range.start, end: p.range.start + 2 }, kwArgs('field', 'Policy')));
    // Declarations first, so uses may come before definitions.
    for (const d of file.decls) {
      if (d.kind === 'Fund' && this.declare(d.name))
        this.model.funds.set(d.name.text, {
          name: d.name.text,
          ...(d.label && { label: d.label }),
          range: d.range,
        });
      if (d.kind === 'Levels') this.levelsDecl(d);
      if (d.kind === 'Enum') this.enumDecl(d);
    }
    for (const d of file.decls) {
      if (d.kind === 'Subject') this.subjectDecl(d);
      if (d.kind === 'Parameter' && this.declare(d.name)) {
        this.model.params.set(d.name.text, {
          name: d.name.text,
          ...(d.label && { label: d.label }),
          type: this.typeRef(d.type),
          range: d.range,
        });
      }
    }
    if (policies[0]) this.header(policies[0]);
    for (const d of file.decls) {
      if (d.kind === 'Benefit') this.benefitDecl(d);
      if (d.kind === 'Provision') this.provisionDecl(d);
    }
    for (const d of file.decls) if (d.kind === 'Interaction') this.interactionDecl(d);
    // Benefits whose name was a duplicate were not lowered; each lowered one has exactly one declaration.
    const declOf = new Map<string, A.BenefitDecl>();
    for (const d of file.decls) if (d.kind === 'Benefit' && !declOf.has(d.name.text)) declOf.set(d.name.text, d);
    for (const b of this.model.benefits) this.examples(b, declOf.get(b.id)!);
    for (const [name, f] of this.model.funds) if (!this.used.has(name)) this.report('P2032', f.range, { name });
    for (const [name, p] of this.model.params) if (!this.used.has(name)) this.report('P2032', p.range, { name });
    return this.model;
  }

  levelsDecl(d: A.LevelsDecl) {
    if (!this.declare(d.name)) return;
    const levels = d.levels.map((l, rank) => {
      for (const n of [l.name, ...l.aliases]) this.declareValue(n, { kind: 'level', of: d.name.text });
      return { name: l.name.text, aliases: l.aliases.map((a) => a.text), rank };
    });
    this.model.levels.set(d.name.text, {
      name: d.name.text,
      ...(d.label && { label: d.label }),
      levels,
      range: d.range,
    });
  }

  enumDecl(d: A.EnumDecl) {
    if (!this.declare(d.name)) return;
    const values = d.values.map((v) => {
      this.declareValue(v.name, { kind: 'enum', of: d.name.text });
      return { name: v.name.text, ...(v.label && { label: v.label }) };
    });
    this.model.enums.set(d.name.text, {
      name: d.name.text,
      ...(d.label && { label: d.label }),
      values,
      range: d.range,
    });
  }

  declareValue(n: A.Name, v: { kind: 'level' | 'enum'; of: string }) {
    if (this.values.has(n.text) || this.names.has(n.text)) {
      this.report('P2001', n.range, {
        name: n.text,
        line: this.lineOf((this.names.get(n.text) ?? n.range).start),
      });
      return;
    }
    this.values.set(n.text, v);
  }

  typeRef(t: A.TypeRef): Type {
    switch (t.kind) {
      case 'BoolType':
        return { kind: 'bool' };
      case 'TextType':
        return { kind: 'text' };
      case 'DateType':
        return { kind: 'date' };
      case 'QuantityType':
      case 'PerLevelType': {
        const { unit, scale } = unitOf(t.unit);
        if (!isInteger(scale) || scale.n !== 1n) {
          this.report('P2010', t.unit.range, {
            ...word('expected', 'word.plainUnit'),
            found: this.text.slice(t.unit.range.start, t.unit.range.end),
          });
        }
        if (t.kind === 'QuantityType') return { kind: 'quantity', unit };
        if (!this.model.levels.has(t.levels.text)) {
          this.report('P2020', t.levels.range, { name: t.levels.text }, closest(t.levels.text, this.model.levels.keys()));
          return UNKNOWN;
        }
        return { kind: 'perLevel', of: t.levels.text, unit };
      }
      case 'NamedType':
        if (this.model.levels.has(t.name.text)) return { kind: 'level', of: t.name.text };
        if (this.model.enums.has(t.name.text)) return { kind: 'enum', of: t.name.text };
        this.report(
          'P2020',
          t.name.range,
          { name: t.name.text },
          closest(t.name.text, [...this.model.levels.keys(), ...this.model.enums.keys()]),
        );
        return UNKNOWN;
    }
  }

  subjectDecl(d: A.SubjectDecl) {
    if (!this.declare(d.name)) return;
    const facts = new Map<string, Fact>();
    for (const f of d.facts) {
      if (facts.has(f.name.text)) {
        this.report('P2001', f.name.range, {
          name: f.name.text,
          line: this.lineOf(facts.get(f.name.text)!.range.start),
        });
        continue;
      }
      const fact: Fact = {
        name: f.name.text,
        ...(f.label && { label: f.label }),
        type: UNKNOWN,
        range: f.range,
      };
      if (f.type) fact.type = this.typeRef(f.type);
      else if (f.formula) {
        // A derived fact sees the facts declared before it, so definitions cannot loop.
        const derived = this.expr(f.formula, {
          facts: new Map(facts),
          subjects: [d.name.text],
        });
        if (derived.type.kind !== 'quantity') {
          if (derived.type.kind !== 'unknown')
            this.report('P2010', f.formula.range, {
              ...word('expected', 'word.quantity'),
              ...this.typeArgs('found', derived.type),
            });
        } else {
          fact.type = derived.type;
          fact.derived = derived;
        }
      }
      facts.set(f.name.text, fact);
    }
    this.model.subjects.set(d.name.text, {
      name: d.name.text,
      ...(d.label && { label: d.label }),
      facts,
      range: d.range,
    });
  }

  /** Checks a field's value count and kind; returns the values when usable. */
  single(f: A.Field): A.Expr | undefined {
    if (f.values.length !== 1) {
      this.report('P2021', f.range, {
        field: this.text.slice(f.keyRange.start, f.keyRange.end),
        expected: 1,
        found: f.values.length,
      });
      return undefined;
    }
    const v = f.values[0]!;
    return v.kind === 'Error' ? undefined : v;
  }

  expectString(f: A.Field): A.Label | undefined {
    const v = this.single(f);
    if (!v) return undefined;
    if (v.kind !== 'String') {
      this.report('P2010', v.range, {
        ...word('expected', 'word.text'),
        found: this.text.slice(v.range.start, v.range.end),
      });
      return undefined;
    }
    return v.label;
  }

  expectDate(f: A.Field): string | undefined {
    const v = this.single(f);
    if (!v) return undefined;
    if (v.kind !== 'Date') {
      this.report('P2010', v.range, {
        ...word('expected', 'word.date'),
        found: this.text.slice(v.range.start, v.range.end),
      });
      return undefined;
    }
    if (!isValidIsoDate(v.iso)) {
      this.report('P2025', v.range, {
        date: this.text.slice(v.range.start, v.range.end),
      });
      return undefined;
    }
    return v.iso;
  }

  /** A constant quantity of the given unit (money caps, validity). */
  expectConstant(f: A.Field, unit: Unit): Rat | undefined {
    const v = this.single(f);
    if (!v) return undefined;
    const e = this.expr(v, { facts: new Map(), subjects: [] });
    if (e.type.kind !== 'quantity' || !sameUnit(e.type.unit, unit) || e.k !== 'num') {
      if (e.type.kind !== 'unknown')
        this.report('P2010', v.range, {
          expected: unitText(unit, 'zh'),
          expectedEn: unitText(unit, 'en'),
          found: this.text.slice(v.range.start, v.range.end),
        });
      return undefined;
    }
    if (e.value.n <= 0n) {
      this.report('P2028', v.range, {
        what: this.text.slice(f.keyRange.start, f.keyRange.end),
      });
      return undefined;
    }
    return e.value;
  }

  fieldName(f: A.Field): string {
    return this.text.slice(f.keyRange.start, f.keyRange.end);
  }

  duplicateFields(fields: A.Field[]) {
    const seen = new Set<string>();
    for (const f of fields) {
      if (f.key === 'Condition' || f.key === 'Fact' || f.key === 'Paid') continue;
      if (seen.has(f.key)) this.report('P2015', f.keyRange, { field: this.fieldName(f) });
      seen.add(f.key);
    }
  }

  header(p: A.PolicyDecl) {
    const h: Header = { issuers: [] };
    this.duplicateFields(p.fields);
    for (const f of p.fields) {
      switch (f.key) {
        case 'Title': {
          const l = this.expectString(f);
          if (l) h.title = l;
          break;
        }
        case 'DocNumber': {
          const l = this.expectString(f);
          if (l) h.docNumber = l.zh;
          break;
        }
        case 'Interpreter': {
          const l = this.expectString(f);
          if (l) h.interpreter = l;
          break;
        }
        case 'Issuers':
          for (const v of f.values) {
            if (v.kind === 'String') h.issuers.push(v.label);
            else if (v.kind !== 'Error')
              this.report('P2010', v.range, {
                ...word('expected', 'word.text'),
                found: this.text.slice(v.range.start, v.range.end),
              });
          }
          break;
        case 'Published': {
          const d = this.expectDate(f);
          if (d) h.published = d;
          break;
        }
        case 'Effective': {
          const d = this.expectDate(f);
          if (d) h.effective = d;
          break;
        }
        case 'Ends': {
          const d = this.expectDate(f);
          if (d) h.end = d;
          break;
        }
        case 'Validity': {
          const m = this.expectConstant(f, { month: 1 });
          if (m) {
            if (!isInteger(m))
              this.report('P2010', f.range, {
                ...word('expected', 'word.months'),
                found: this.text.slice(f.range.start, f.range.end),
              });
            else h.validityMonths = Number(m.n);
          }
          break;
        }
        default:
          this.report('P2016', f.keyRange, {
            field: this.fieldName(f),
            ...word('where', 'word.header'),
          });
      }
    }
    if (!h.title) this.report('P2014', { start: p.range.start, end: p.range.start + 2 }, kwArgs('field', 'Title'));
    if (!h.docNumber) this.report('P2034', { start: p.range.start, end: p.range.start + 2 });
    if (!h.effective) this.report('P2014', { start: p.range.start, end: p.range.start + 2 }, kwArgs('field', 'Effective'));
    if (h.effective && h.validityMonths !== undefined && !h.end) h.end = periodEnd(h.effective, h.validityMonths);
    if (!h.end && h.validityMonths === undefined)
      this.report('P2014', { start: p.range.start, end: p.range.start + 2 }, kwArgs('field', 'Validity'));
    this.model.header = h;
  }

  subjectsOf(f: A.Field): string[] {
    const out: string[] = [];
    for (const v of f.values) {
      if (v.kind !== 'Ref') {
        if (v.kind !== 'Error')
          this.report('P2010', v.range, {
            ...word('expected', 'word.subject'),
            found: this.text.slice(v.range.start, v.range.end),
          });
        continue;
      }
      if (!this.model.subjects.has(v.name.text)) {
        this.report('P2003', v.range, { name: v.name.text }, closest(v.name.text, this.model.subjects.keys()));
        continue;
      }
      out.push(v.name.text);
    }
    return out;
  }

  /** The facts usable in a benefit: those of its subjects, which must agree on type. */
  scopeOf(subjects: string[]): Scope {
    const facts = new Map<string, Fact>();
    const first = this.model.subjects.get(subjects[0] ?? '');
    if (first) for (const [k, f] of first.facts) facts.set(k, f);
    return { facts, subjects };
  }

  benefitDecl(d: A.BenefitDecl) {
    if (!this.declare(d.name)) return;
    this.duplicateFields(d.fields);
    const b: Benefit = {
      id: d.name.text,
      ...(d.label && { label: d.label }),
      subjects: [],
      conditions: [],
      rounding: { scale: 100n, mode: 'half-up', stated: false },
      examples: [],
      range: d.range,
      nameRange: d.name.range,
    };
    const subjectField = d.fields.find((f) => f.key === 'Subject');
    if (subjectField) b.subjects = this.subjectsOf(subjectField);
    else this.report('P2031', d.name.range, { name: d.name.text });
    const scope = { ...this.scopeOf(b.subjects), benefit: d.name.text };
    this.subjectless = b.subjects.length === 0;
    for (const f of d.fields) {
      switch (f.key) {
        case 'Subject':
          break;
        case 'Clause': {
          const l = this.expectString(f);
          if (l) b.clause = normaliseClause(l.zh);
          break;
        }
        case 'Title': {
          const l = this.expectString(f);
          if (l) b.label = l;
          break;
        }
        case 'Fund': {
          // `资金：主资金，备用资金；` — the second is the fallback when the first cannot pay.
          if (f.values.length > 2)
            this.report('P2021', f.range, {
              field: this.fieldName(f),
              expected: '1-2',
              found: f.values.length,
            });
          const funds: string[] = [];
          for (const v of f.values.slice(0, 2)) {
            if (v.kind === 'Ref' && this.model.funds.has(v.name.text)) {
              funds.push(v.name.text);
              this.used.add(v.name.text);
            } else if (v.kind === 'Ref')
              this.report('P2006', v.range, { name: v.name.text }, closest(v.name.text, this.model.funds.keys()));
            else if (v.kind !== 'Error')
              this.report('P2010', v.range, {
                ...word('expected', 'word.fund'),
                found: this.text.slice(v.range.start, v.range.end),
              });
          }
          if (funds[0]) b.fund = funds[0];
          if (funds[1]) b.fallbackFund = funds[1];
          break;
        }
        case 'Delivery': {
          const v = this.single(f);
          const modes = {
            NoApplication: 'no-application',
            OnApplication: 'on-application',
          } as const;
          if (v?.kind === 'Keyword' && v.keyword in modes) b.delivery = modes[v.keyword as keyof typeof modes];
          else if (v)
            this.report('P2010', v.range, {
              ...word('expected', 'word.delivery'),
              found: this.text.slice(v.range.start, v.range.end),
            });
          break;
        }
        case 'TimesPerYear': {
          const v = this.single(f);
          if (!v) break;
          const e = this.expr(v, scope);
          if (e.type.kind === 'quantity' && sameUnit(e.type.unit, { times: 1 })) b.timesPerYear = e;
          else if (e.type.kind !== 'unknown')
            this.report('P2010', v.range, {
              ...word('expected', 'word.times'),
              ...this.typeArgs('found', e.type),
            });
          break;
        }
        case 'OncePer':
        case 'OncePerYear': {
          const keys: { fact: string; orAbove: boolean }[] = [];
          for (const v of f.values) {
            const inner = v.kind === 'Relative' ? v.expr : v;
            if (inner.kind !== 'Ref') {
              if (inner.kind !== 'Error')
                this.report('P2010', v.range, {
                  ...word('expected', 'word.keyFact'),
                  found: this.text.slice(v.range.start, v.range.end),
                });
              continue;
            }
            const e = this.ref(inner.name, scope);
            if (e.k !== 'fact') {
              if (e.type.kind !== 'unknown')
                this.report('P2010', v.range, {
                  ...word('expected', 'word.keyFact'),
                  found: inner.name.text,
                });
              continue;
            }
            const orAbove = v.kind === 'Relative';
            if (orAbove && ((v.op !== 'OrAbove' && v.op !== 'AndAbove') || e.type.kind !== 'level')) {
              this.report('P2010', v.range, {
                ...word('expected', 'word.levelOrAbove'),
                found: this.text.slice(v.range.start, v.range.end),
              });
              continue;
            }
            keys.push({ fact: inner.name.text, orAbove });
          }
          b.oncePer = { keys, perYear: f.key === 'OncePerYear' };
          break;
        }
        case 'Payment': {
          const v = this.single(f);
          const modes: Record<string, Payment> = {
            Once: 'once',
            Annually: 'annual',
            Monthly: 'monthly',
            PerOccasion: 'per-occasion',
          };
          if (v?.kind === 'Keyword' && modes[v.keyword]) b.payment = modes[v.keyword];
          else if (v)
            this.report('P2010', v.range, {
              ...word('expected', 'word.payment'),
              found: this.text.slice(v.range.start, v.range.end),
            });
          break;
        }
        case 'Condition':
          for (const v of f.values) {
            if (v.kind === 'Error') continue;
            const e = this.expr(v, scope);
            if (e.type.kind !== 'bool' && e.type.kind !== 'unknown') {
              this.report('P2010', v.range, {
                ...word('expected', 'word.condition'),
                ...this.typeArgs('found', e.type),
              });
              continue;
            }
            b.conditions.push({ expr: e, source: v } satisfies Condition);
          }
          break;
        case 'Amount': {
          const v = this.single(f);
          if (!v) break;
          const e = this.expr(v, scope);
          if (e.type.kind === 'quantity' && isMoney(e.type.unit)) {
            b.amount = e;
            b.amountSource = v;
          } else if (e.type.kind !== 'unknown')
            this.report('P2010', v.range, {
              ...word('expected', 'word.money'),
              ...this.typeArgs('found', e.type),
            });
          break;
        }
        case 'Ceiling': {
          const c = this.expectConstant(f, { yuan: 1 });
          if (c) b.ceiling = c;
          break;
        }
        case 'AnnualCap': {
          const c = this.expectConstant(f, { yuan: 1 });
          if (c) b.annualCap = c;
          break;
        }
        case 'Period':
          this.period(f, b, scope);
          break;
        case 'Grants': {
          const l = this.expectString(f);
          if (l) b.outcome = { kind: 'designation', label: l };
          break;
        }
        case 'Equivalent': {
          const v = this.single(f);
          if (!v) break;
          const e = this.expr(v, scope);
          if (e.type.kind === 'enum' || e.type.kind === 'text' || e.type.kind === 'level')
            b.outcome = { kind: 'equivalence', expr: e, source: v };
          else if (e.type.kind !== 'unknown')
            this.report('P2010', v.range, {
              ...word('expected', 'word.outcome'),
              ...this.typeArgs('found', e.type),
            });
          break;
        }
        case 'Rounding':
          this.rounding(f, b);
          break;
        default:
          this.report('P2016', f.keyRange, {
            field: this.fieldName(f),
            ...word('where', 'word.benefit'),
          });
      }
    }
    if (!b.clause) this.report('P2008', d.name.range, { name: d.name.text });
    const hasOutcomeField = d.fields.some((f) => ['Amount', 'Grants', 'Equivalent'].includes(f.key));
    if (!b.amount && !b.outcome && !hasOutcomeField) this.report('P2017', d.name.range, { name: d.name.text });
    if (b.amount && !b.fund && !d.fields.some((f) => f.key === 'Fund')) this.report('P2007', d.name.range, { name: d.name.text });
    this.capChecks(b, d);
    this.neverHolds(b);
    if (b.amount && !b.rounding.stated && mayBeFractional(b.amount)) {
      this.report('P2019', d.fields.find((f) => f.key === 'Amount')!.range);
    }
    this.model.benefits.push(b);
  }

  capChecks(b: Benefit, d: A.BenefitDecl) {
    if (!b.amount || b.amount.k !== 'num') return;
    const fixed = b.amount.value;
    for (const [key, cap] of [
      ['Ceiling', b.ceiling],
      ['AnnualCap', b.annualCap],
    ] as const) {
      if (cap && ratCmp(cap, fixed) < 0) {
        const f = d.fields.find((x) => x.key === key)!;
        this.report('P2011', f.values[0]?.range ?? f.range, {
          cap: this.text.slice(f.values[0]!.range.start, f.values[0]!.range.end),
          amount: this.text.slice(b.amount.range.start, b.amount.range.end),
        });
      }
    }
  }

  /** Interval analysis of top-level conditions: fact ⋚ constant. */
  neverHolds(b: Benefit) {
    const bounds = new Map<string, { lo: Rat; loStrict: boolean; hi?: Rat; hiStrict: boolean }>();
    for (const c of b.conditions) {
      const e = c.expr;
      if (e.k !== 'cmp') continue;
      let fact: string | undefined;
      let value: Rat | undefined;
      let op = e.op;
      const num = (x: IExpr): Rat | undefined => (x.k === 'num' ? x.value : x.k === 'level' ? rat(BigInt(x.rank)) : undefined);
      if (e.l.k === 'fact' && num(e.r)) [fact, value] = [e.l.name, num(e.r)];
      else if (e.r.k === 'fact' && num(e.l)) {
        [fact, value] = [e.r.name, num(e.l)];
        op = (
          {
            ge: 'le',
            gt: 'lt',
            le: 'ge',
            lt: 'gt',
            eq: 'eq',
            ne: 'ne',
          } as const
        )[op];
      }
      if (!fact || !value || op === 'ne') continue;
      const type = e.l.k === 'fact' ? e.l.type : e.r.type;
      const other = e.l.k === 'fact' ? e.r : e.l;
      if (
        type.kind === 'quantity'
          ? other.k !== 'num' || !sameUnit(type.unit, (other.type as { unit: Unit }).unit)
          : type.kind !== 'level' || other.k !== 'level'
      )
        continue;
      const cur = bounds.get(fact) ?? {
        lo: ZERO,
        loStrict: false,
        ...(type.kind === 'level' && {
          hi: rat(BigInt((this.model.levels.get(type.of)?.levels.length ?? 1) - 1)),
        }),
        hiStrict: false,
      };
      if (op === 'ge' || op === 'gt' || op === 'eq') {
        const c2 = ratCmp(value, cur.lo);
        if (c2 > 0 || (c2 === 0 && op === 'gt')) [cur.lo, cur.loStrict] = [value, op === 'gt'];
      }
      if (op === 'le' || op === 'lt' || op === 'eq') {
        const c2 = cur.hi ? ratCmp(value, cur.hi) : -1;
        if (c2 < 0 || (c2 === 0 && op === 'lt')) [cur.hi, cur.hiStrict] = [value, op === 'lt'];
      }
      bounds.set(fact, cur);
      if (cur.hi) {
        const c3 = ratCmp(cur.lo, cur.hi);
        if (c3 > 0 || (c3 === 0 && (cur.loStrict || cur.hiStrict))) {
          this.report('P2012', c.source.range, { fact });
          bounds.delete(fact);
        }
      }
    }
  }

  period(f: A.Field, b: Benefit, scope: Scope) {
    const v = this.single(f);
    if (!v) return;
    if (v.kind !== 'Period') {
      this.report('P2029', v.range);
      return;
    }
    const p: NonNullable<Benefit['period']> = {};
    if (v.from) {
      const e = this.expr(v.from, scope);
      if (e.type.kind === 'date') p.from = e;
      else if (e.type.kind !== 'unknown')
        this.report('P2010', v.from.range, {
          ...word('expected', 'word.date'),
          ...this.typeArgs('found', e.type),
        });
      if (e.k === 'date') this.inPolicyPeriod(e.iso, v.from.range);
    }
    if (v.length) {
      const e = this.expr(v.length, scope);
      if (e.k === 'num' && e.type.kind === 'quantity' && sameUnit(e.type.unit, { month: 1 }) && isInteger(e.value) && e.value.n > 0n)
        p.lengthMonths = Number(e.value.n);
      else
        this.report('P2010', v.length.range, {
          ...word('expected', 'word.duration'),
          found: this.text.slice(v.length.range.start, v.length.range.end),
        });
    }
    if (v.until) {
      const e = this.expr(v.until, scope);
      if (e.k === 'date') {
        p.until = e.iso;
        this.inPolicyPeriod(e.iso, v.until.range);
      } else
        this.report('P2010', v.until.range, {
          ...word('expected', 'word.date'),
          found: this.text.slice(v.until.range.start, v.until.range.end),
        });
    }
    if (!p.from && !p.until) this.report('P2029', v.range);
    b.period = p;
  }

  inPolicyPeriod(iso: string, range: A.Range) {
    const { effective, end } = this.model.header;
    if (effective && end && (iso < effective || iso > end)) this.report('P2013', range, { date: iso, start: effective, end });
  }

  rounding(f: A.Field, b: Benefit) {
    const [u, m] = f.values;
    const modes: Record<string, RoundingMode> = {
      HalfUp: 'half-up',
      Down: 'down',
      Up: 'up',
    };
    if (
      f.values.length !== 2 ||
      u?.kind !== 'Unit' ||
      (u.unit.num !== 'Yuan' && u.unit.num !== 'Fen') ||
      u.unit.den ||
      m?.kind !== 'Keyword' ||
      !modes[m.keyword]
    ) {
      this.report('P2030', f.range);
      return;
    }
    b.rounding = {
      scale: u.unit.num === 'Yuan' ? 1n : 100n,
      mode: modes[m.keyword]!,
      stated: true,
    };
  }

  provisionDecl(d: A.ProvisionDecl) {
    if (!this.declare(d.name)) return;
    this.duplicateFields(d.fields);
    const p: Model['provisions'][number] = {
      id: d.name.text,
      ...(d.label && { label: d.label }),
      range: d.range,
    };
    for (const f of d.fields) {
      if (f.key === 'Clause') {
        const l = this.expectString(f);
        if (l) p.clause = normaliseClause(l.zh);
      } else if (f.key === 'Title') {
        const l = this.expectString(f);
        if (l) p.label = l;
      } else if (f.key === 'Content') {
        const l = this.expectString(f);
        if (l) p.content = l.zh;
      } else
        this.report('P2016', f.keyRange, {
          field: this.fieldName(f),
          ...word('where', 'word.provision'),
        });
    }
    if (!p.clause) this.report('P2008', d.name.range, { name: d.name.text });
    this.model.provisions.push(p);
  }

  interactionDecl(d: A.InteractionDecl) {
    const modes = {
      HigherOf: 'higher-of',
      Exclusive: 'exclusive',
      Priority: 'priority',
    } as const;
    const members: string[] = [];
    const ids = new Set(this.model.benefits.map((b) => b.id));
    for (const m of d.members) {
      if (ids.has(m.text)) members.push(m.text);
      else
        this.report(
          'P2024',
          m.range,
          { name: m.text },
          closest(
            m.text,
            this.model.benefits.map((b) => b.id),
          ),
        );
    }
    if (d.members.length < 2)
      this.report('P2023', d.range, {
        mode: this.text.slice(d.range.start, d.range.start + 2),
      });
    this.model.interactions.push({
      mode: modes[d.mode as keyof typeof modes] ?? 'exclusive',
      members,
      range: d.range,
    });
  }

  /** A type named in both languages, as message arguments `key` and `keyEn`. */
  typeArgs(key: string, t: Type): Record<string, string> {
    return {
      [key]: typeText(t, this.model, 'zh'),
      [`${key}En`]: typeText(t, this.model, 'en'),
    };
  }

  // ---- expressions ----
  expr(e: A.Expr, scope: Scope, expected?: Type): IExpr {
    const range = e.range;
    const bad = (): IExpr => ({
      k: 'bool',
      value: false,
      type: UNKNOWN,
      range,
    });
    switch (e.kind) {
      case 'Number': {
        let value = parseDecimal(e.value)!;
        let unit: Unit = DIMENSIONLESS;
        if (e.percent) value = div(value, rat(100n));
        if (e.unit) {
          const u = unitOf(e.unit);
          value = mul(value, u.scale);
          unit = u.unit;
        }
        return { k: 'num', value, type: { kind: 'quantity', unit }, range };
      }
      case 'Date':
        if (!isValidIsoDate(e.iso)) {
          this.report('P2025', range, {
            date: this.text.slice(range.start, range.end),
          });
          return bad();
        }
        return { k: 'date', iso: e.iso, type: { kind: 'date' }, range };
      case 'String':
        return { k: 'text', label: e.label, type: { kind: 'text' }, range };
      case 'Bool':
        return { k: 'bool', value: e.value, type: { kind: 'bool' }, range };
      case 'Ref':
        return this.ref(e.name, scope, expected);
      case 'Paren':
        return this.expr(e.expr, scope, expected);
      case 'Neg': {
        const inner = this.expr(e.expr, scope);
        if (inner.type.kind !== 'quantity') {
          if (inner.type.kind !== 'unknown')
            this.report('P2010', e.range, {
              ...word('expected', 'word.quantity'),
              ...this.typeArgs('found', inner.type),
            });
          return bad();
        }
        if (inner.k === 'num') return { ...inner, value: neg(inner.value), range };
        return { k: 'neg', e: inner, type: inner.type, range };
      }
      case 'Binary':
        return this.binary(e, scope);
      case 'Compare':
        return this.compare(e, scope);
      case 'In': {
        const l = this.expr(e.left, scope);
        if (l.type.kind !== 'enum' && l.type.kind !== 'level') {
          if (l.type.kind !== 'unknown')
            this.report('P2010', e.left.range, {
              ...word('expected', 'word.levelOrEnum'),
              ...this.typeArgs('found', l.type),
            });
          return bad();
        }
        const values = e.values.map((v) => this.expr(v, scope, l.type));
        return { k: 'in', l, values, type: { kind: 'bool' }, range };
      }
      case 'Logical': {
        const l = this.expectBool(e.left, scope);
        const r = this.expectBool(e.right, scope);
        return { k: e.op, l, r, type: { kind: 'bool' }, range };
      }
      case 'Not':
        return {
          k: 'not',
          e: this.expectBool(e.expr, scope),
          type: { kind: 'bool' },
          range,
        };
      case 'Table':
        return this.table(e, scope);
      case 'Map':
      case 'Unit':
      case 'Keyword':
      case 'Period':
      case 'Relative':
        this.report('P2010', range, {
          ...word('expected', 'word.expression'),
          found: this.text.slice(range.start, range.end),
        });
        return bad();
      case 'Error':
        return bad();
    }
  }

  expectBool(e: A.Expr, scope: Scope): IExpr {
    const x = this.expr(e, scope);
    if (x.type.kind !== 'bool' && x.type.kind !== 'unknown')
      this.report('P2010', e.range, {
        ...word('expected', 'word.condition'),
        ...this.typeArgs('found', x.type),
      });
    return x;
  }

  ref(n: A.Name, scope: Scope, expected?: Type): IExpr {
    const range = n.range;
    const fact = scope.facts.get(n.text);
    if (fact) {
      for (const s of scope.subjects.slice(1)) {
        const other = this.model.subjects.get(s)?.facts.get(n.text);
        if (!other) this.report('P2027', range, { name: n.text, subject: s, benefit: scope.benefit ?? '' });
        else if (!sameType(other.type, fact.type)) {
          this.report('P2010', range, { ...this.typeArgs('expected', fact.type), ...this.typeArgs('found', other.type) });
        }
      }
      return { k: 'fact', name: n.text, type: fact.type, range };
    }
    const param = this.model.params.get(n.text);
    if (param) {
      this.used.add(n.text);
      return { k: 'param', name: n.text, type: param.type, range };
    }
    if (expected && (expected.kind === 'level' || expected.kind === 'enum')) {
      const v = this.valueOf(n, expected);
      if (v) return v;
    }
    const val = this.values.get(n.text);
    if (val) return this.valueOf(n, { kind: val.kind, of: val.of })!;
    // Without a subject (already reported) every fact would be unknown: say nothing more.
    if (scope.subjects.length === 0 && scope.facts.size === 0 && this.subjectless) return { k: 'bool', value: false, type: UNKNOWN, range };
    const candidates = [...scope.facts.keys(), ...this.model.params.keys(), ...this.values.keys()];
    if (scope.subjects.length === 1 && !this.names.has(n.text)) {
      this.report('P2004', range, { name: n.text, subject: scope.subjects[0]! }, closest(n.text, candidates));
    } else this.report('P2002', range, { name: n.text }, closest(n.text, candidates));
    return { k: 'bool', value: false, type: UNKNOWN, range };
  }

  valueOf(n: A.Name, type: { kind: 'level' | 'enum'; of: string }): IExpr | undefined {
    if (type.kind === 'level') {
      const lv = levelByName(this.model, type.of, n.text);
      if (!lv) {
        this.report(
          'P2005',
          n.range,
          { type: type.of, name: n.text },
          closest(n.text, this.model.levels.get(type.of)?.levels.flatMap((l) => [l.name, ...l.aliases]) ?? []),
        );
        return { k: 'bool', value: false, type: UNKNOWN, range: n.range };
      }
      return {
        k: 'level',
        of: type.of,
        name: lv.name,
        rank: lv.rank,
        type: { kind: 'level', of: type.of },
        range: n.range,
      };
    }
    const et = this.model.enums.get(type.of);
    if (!et?.values.some((v) => v.name === n.text)) {
      this.report('P2005', n.range, { type: type.of, name: n.text }, closest(n.text, et?.values.map((v) => v.name) ?? []));
      return { k: 'bool', value: false, type: UNKNOWN, range: n.range };
    }
    return {
      k: 'enum',
      of: type.of,
      name: n.text,
      type: { kind: 'enum', of: type.of },
      range: n.range,
    };
  }

  binary(e: A.BinaryExpr, scope: Scope): IExpr {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope);
    const range = e.range;
    if (l.type.kind === 'unknown' || r.type.kind === 'unknown') return { k: 'bool', value: false, type: UNKNOWN, range };
    if (l.type.kind !== 'quantity' || r.type.kind !== 'quantity') {
      const which = l.type.kind !== 'quantity' ? l : r;
      this.report('P2010', which.range, {
        ...word('expected', 'word.quantity'),
        ...this.typeArgs('found', which.type),
      });
      return { k: 'bool', value: false, type: UNKNOWN, range };
    }
    const opWord = (
      {
        '+': 'word.add',
        '-': 'word.subtract',
        '*': 'word.multiply',
        '/': 'word.divide',
      } as const
    )[e.op];
    let unit: Unit;
    if (e.op === '+' || e.op === '-') {
      if (!sameUnit(l.type.unit, r.type.unit)) {
        this.report('P2009', range, {
          ...unitArgs('left', l.type.unit),
          ...unitArgs('right', r.type.unit),
          ...word('op', opWord),
        });
        return { k: 'bool', value: false, type: UNKNOWN, range };
      }
      unit = l.type.unit;
    } else if (e.op === '*') unit = mulUnits(l.type.unit, r.type.unit);
    else {
      if (r.k === 'num' && r.value.n === 0n) {
        this.report('P2028', e.right.range, { what: '除数' });
        return { k: 'bool', value: false, type: UNKNOWN, range };
      }
      unit = divUnits(l.type.unit, r.type.unit);
    }
    return {
      k: 'arith',
      op: e.op,
      l,
      r,
      type: { kind: 'quantity', unit },
      range,
    };
  }

  compare(e: A.CompareExpr, scope: Scope): IExpr {
    const l = this.expr(e.left, scope);
    const r = this.expr(e.right, scope, l.type);
    const op = cmpOpOf(e.op);
    const range = e.range;
    const ok = {
      k: 'cmp' as const,
      op,
      l,
      r,
      type: { kind: 'bool' } as Type,
      range,
    };
    if (l.type.kind === 'unknown' || r.type.kind === 'unknown') return ok;
    const mismatch = () => {
      this.report('P2010', e.right.range, {
        ...this.typeArgs('expected', l.type),
        ...this.typeArgs('found', r.type),
      });
      return ok;
    };
    switch (l.type.kind) {
      case 'quantity':
        if (r.type.kind !== 'quantity') return mismatch();
        if (!sameUnit(l.type.unit, r.type.unit))
          this.report('P2009', range, {
            ...unitArgs('left', l.type.unit),
            ...unitArgs('right', r.type.unit),
            ...word('op', 'word.compare'),
          });
        return ok;
      case 'level':
        if (r.type.kind !== 'level' || r.type.of !== l.type.of) return mismatch();
        return ok;
      case 'date':
        if (r.type.kind !== 'date') return mismatch();
        return ok;
      case 'enum':
      case 'bool':
      case 'text':
        if (r.type.kind !== l.type.kind || ('of' in r.type && 'of' in l.type && r.type.of !== l.type.of)) return mismatch();
        if (op !== 'eq' && op !== 'ne')
          this.report('P2033', range, {
            op: this.text.slice(e.range.start, e.range.end),
            ...this.typeArgs('type', l.type),
          });
        return ok;
      default:
        return mismatch();
    }
  }

  table(e: A.TableExpr, scope: Scope): IExpr {
    const range = e.range;
    const fact = scope.facts.get(e.by.text);
    if (!fact || !['level', 'enum', 'perLevel'].includes(fact.type.kind)) {
      if (!fact && !this.names.has(e.by.text)) this.ref(e.by, scope);
      else this.report('P2022', e.by.range, { name: e.by.text });
      return { k: 'bool', value: false, type: UNKNOWN, range };
    }
    const keyType: { kind: 'level' | 'enum'; of: string } =
      fact.type.kind === 'enum' ? { kind: 'enum', of: fact.type.of } : { kind: 'level', of: (fact.type as { of: string }).of };
    const entries: { key: string; value: IExpr }[] = [];
    let valueType: Type | undefined;
    const seen = new Set<string>();
    for (const en of e.entries) {
      const key = this.valueOf(en.key, keyType);
      const value = this.expr(en.value, scope);
      if (!key || key.type.kind === 'unknown') continue;
      const keyName = (key as { name: string }).name;
      if (seen.has(keyName))
        this.report('P2001', en.key.range, {
          name: keyName,
          line: this.lineOf(en.key.range.start),
        });
      seen.add(keyName);
      if (value.type.kind === 'unknown') continue;
      if (valueType && !sameType(valueType, value.type)) {
        this.report('P2010', en.value.range, {
          ...this.typeArgs('expected', valueType),
          ...this.typeArgs('found', value.type),
        });
        continue;
      }
      valueType = value.type;
      entries.push({ key: keyName, value });
    }
    if (!valueType) return { k: 'bool', value: false, type: UNKNOWN, range };
    if (fact.type.kind === 'perLevel') {
      if (valueType.kind !== 'quantity') {
        this.report('P2010', range, {
          ...word('expected', 'word.rate'),
          ...this.typeArgs('found', valueType),
        });
        return { k: 'bool', value: false, type: UNKNOWN, range };
      }
      return {
        k: 'dot',
        fact: e.by.text,
        entries,
        type: {
          kind: 'quantity',
          unit: mulUnits(fact.type.unit, valueType.unit),
        },
        range,
      };
    }
    return { k: 'lookup', fact: e.by.text, entries, type: valueType, range };
  }

  // ---- examples ----
  examples(b: Benefit, d: A.BenefitDecl) {
    const subject = b.subjects[0];
    for (const ex of d.examples) {
      const facts: Record<string, unknown> = {};
      const out: Example = {
        facts,
        paid: [],
        expect: { status: 'eligible' },
        range: ex.range,
        ...(ex.label && { label: ex.label }),
      };
      let hasExpect = false;
      for (const f of ex.fields) {
        if (f.key === 'Fact' && f.factName) {
          const v = this.single(f);
          const fact = subject ? this.model.subjects.get(subject)?.facts.get(f.factName.text) : undefined;
          if (!fact) {
            if (subject)
              this.report(
                'P2004',
                f.factName.range,
                { name: f.factName.text, subject },
                closest(f.factName.text, this.model.subjects.get(subject)?.facts.keys() ?? []),
              );
            continue;
          }
          if (v) {
            const json = this.literalJson(v, fact.type);
            if (json !== undefined) facts[f.factName.text] = json;
          }
        } else if (f.key === 'Date') {
          const dte = this.expectDate(f);
          if (dte) out.asOf = dte;
        } else if (f.key === 'Paid') {
          // `已领：日期，金额[，{ 事实：值 … }]` — the optional map is the entry's key for 限一次.
          const [dv, av, kv] = f.values;
          const amount = av ? this.expr(av, { facts: new Map(), subjects: [] }) : undefined;
          if (
            f.values.length < 2 ||
            f.values.length > 3 ||
            dv?.kind !== 'Date' ||
            !amount ||
            amount.k !== 'num' ||
            amount.type.kind !== 'quantity' ||
            !isMoney(amount.type.unit) ||
            (kv && kv.kind !== 'Map')
          ) {
            this.report('P2010', f.range, {
              ...word('expected', 'word.paid'),
              found: this.text.slice(f.range.start, f.range.end),
            });
          } else {
            const entry: Example['paid'][number] = {
              date: dv.iso,
              amount: amount.value,
            };
            if (kv?.kind === 'Map') {
              entry.key = {};
              for (const en of kv.entries) {
                const v = en.value;
                entry.key[en.key.text] =
                  v.kind === 'String' ? v.label.zh : v.kind === 'Ref' ? v.name.text : this.text.slice(v.range.start, v.range.end);
              }
            }
            out.paid.push(entry);
          }
        } else if (f.key === 'Expect') {
          hasExpect = true;
          const v = this.single(f);
          if (v?.kind === 'Keyword' && ['Eligible', 'Ineligible', 'Undetermined'].includes(v.keyword)) {
            out.expect = {
              status: (
                {
                  Eligible: 'eligible',
                  Ineligible: 'ineligible',
                  Undetermined: 'undetermined',
                } as const
              )[v.keyword as 'Eligible'],
            };
          } else if (v) {
            const e = this.expr(v, { facts: new Map(), subjects: [] });
            if (e.k === 'num' && e.type.kind === 'quantity' && isMoney(e.type.unit)) out.expect = { status: 'eligible', amount: e.value };
            else this.report('P2026', v.range);
          }
        } else
          this.report('P2016', f.keyRange, {
            field: this.fieldName(f),
            ...word('where', 'word.example'),
          });
      }
      if (!hasExpect) this.report('P2026', ex.range);
      if (subject) {
        const r = validateFacts(this.model, subject, facts);
        if (!r.ok) for (const err of r.errors) this.reportInput(err, ex);
      }
      b.examples.push(out);
    }
  }

  reportInput(err: InputError, ex: A.ExampleDecl) {
    const field = ex.fields.find((f) => f.factName?.text === err.field.split('.')[0]);
    this.report(err.code, field?.range ?? ex.range, {
      ...err.args,
      field: err.field,
    });
  }

  /** An example's literal as the JSON an API caller would send, so examples and callers share one validation path. */
  literalJson(v: A.Expr, type: Type): unknown {
    switch (v.kind) {
      case 'Bool':
        return v.value;
      case 'Date':
        return v.iso;
      case 'Ref':
        return v.name.text;
      case 'String':
        return v.label.zh;
      case 'Number': {
        const e = this.expr(v, { facts: new Map(), subjects: [] });
        if (e.k !== 'num') return undefined;
        if (type.kind === 'quantity' && e.type.kind === 'quantity' && !sameUnit(type.unit, e.type.unit)) {
          this.report('P2009', v.range, {
            ...unitArgs('left', type.unit),
            ...unitArgs('right', e.type.unit),
            ...word('op', 'word.compare'),
          });
          return undefined;
        }
        return ratDecimal(e.value);
      }
      case 'Neg':
        if (v.expr.kind === 'Number') return `-${this.literalJson(v.expr, type)}`;
        return this.literalJson(v.expr, type);
      case 'Map': {
        const o: Record<string, unknown> = {};
        for (const en of v.entries) {
          const inner = type.kind === 'perLevel' ? ({ kind: 'quantity', unit: type.unit } as Type) : UNKNOWN;
          o[en.key.text] = this.literalJson(en.value, inner);
        }
        return o;
      }
      default:
        this.report('P2010', v.range, {
          ...this.typeArgs('expected', type),
          found: this.text.slice(v.range.start, v.range.end),
        });
        return undefined;
    }
  }
}

function ratDecimal(r: Rat): string {
  // Example literals are decimal by construction (scale powers of 10 and 12).
  for (let digits = 0; digits <= 6; digits++) {
    const scale = 10n ** BigInt(digits);
    if ((r.n * scale) % r.d === 0n) {
      const v = (r.n * scale) / r.d;
      if (digits === 0) return v.toString();
      const s = v.toString().padStart(digits + 1, '0');
      return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
    }
  }
  return `${r.n}/${r.d}`;
}

function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'quantity' && b.kind === 'quantity') return sameUnit(a.unit, b.unit);
  if ('of' in a && 'of' in b) return a.of === b.of;
  return true;
}

/** Could this amount have a fraction of a fen? (division, percentages, fractional rates) */
function mayBeFractional(e: IExpr): boolean {
  switch (e.k) {
    case 'num':
      return mul(e.value, rat(100n)).d !== 1n;
    case 'arith':
      if (e.op === '/') return true;
      if (e.op === '*' && [e.l, e.r].some((x) => x.k === 'num' && x.value.d !== 1n)) return true;
      return mayBeFractional(e.l) || mayBeFractional(e.r);
    case 'neg':
      return mayBeFractional(e.e);
    case 'lookup':
    case 'dot':
      return e.entries.some((x) => mayBeFractional(x.value));
    default:
      return false;
  }
}

export interface CheckResult {
  model: Model;
  diagnostics: Diagnostic[];
}

export function check(file: A.PolicyFile, text: string): CheckResult {
  const c = new Checker(text);
  const model = c.run(file);
  return { model, diagnostics: c.diags };
}

export type { Subject };
