// What `符合 X 的条件` (meets.ts: X's conditions) and `金额：参照 X；` (same-as.ts: X's amount rule) share: a benefit
// reading part of another benefit X, named before or after it. While a benefit is checked, `namedBenefit` says
// whether the name is a benefit's; once every benefit is lowered, `BenefitRefs` computes what each benefit
// reads after what the benefits it names read (each once), says which reference closes a loop and which names
// a benefit of other subject types, and reports in the file the reference is written in. What is read, and
// which codes say what went wrong, stay with each form.
import type * as A from '../../grammar/ast.ts';
import type { MessageId } from '../messages.ts';
import type { Benefit } from '../model.ts';
import { closest, type CheckContext, type Scope } from './context.ts';

/** Whether `n` names a benefit; if not, reports `code` with the closest benefit's name as a hint. */
export function namedBenefit(c: CheckContext, n: A.Name, scope: Scope, code: MessageId): boolean {
  if (c.symbols.top(n.text)?.kind === 'benefit') return true;
  const benefits = [...c.symbols.globalNames()].filter((x) => c.symbols.top(x)?.kind === 'benefit' && x !== scope.benefit);
  c.report(code, n.range, { name: n.text }, closest(n.text, benefits));
  return false;
}

/** What each benefit of the model reads from others, computed in dependency order (see the file's comment). */
export class BenefitRefs<R> {
  /** The benefits by id (the first of a duplicated id). */
  readonly benefits = new Map<string, Benefit>();
  private readonly done = new Map<string, R>();
  /** The benefits being computed, outermost first. */
  private readonly stack: string[] = [];
  private readonly file: string | undefined;

  constructor(
    private readonly c: CheckContext,
    /** Benefit id's result; it reads another benefit's through `get`, after `loop` says no loop closes there. */
    private readonly compute: (id: string) => R,
  ) {
    for (const b of c.model.benefits) if (!this.benefits.has(b.id)) this.benefits.set(b.id, b);
    this.file = c.file;
  }

  /** Benefit id's result, computed once. */
  get(id: string): R {
    if (this.done.has(id)) return this.done.get(id)!;
    this.stack.push(id);
    const r = this.compute(id);
    this.stack.pop();
    this.done.set(id, r);
    return r;
  }

  /** The chain (`A → B → A`) of the loop that reading `target` now would close, if it would. */
  loop(target: string): string | undefined {
    const i = this.stack.indexOf(target);
    return i < 0 ? undefined : [...this.stack.slice(i), target].join(' → ');
  }

  /** When X (`target`) is not for every subject type of the benefit `b` reading it, the arguments that say so. */
  otherSubjects(b: Benefit, target: string, x: Benefit): Record<string, string> | undefined {
    const other = b.subjects.filter((s) => !x.subjects.includes(s));
    return other.length ? { name: target, subject: other.join('、'), subjects: x.subjects.join('、') || '—' } : undefined;
  }

  /** Runs `f` (a report) in `file`, the file a reference is written in, then returns to the file being checked. */
  in(file: string | undefined, f: () => void) {
    this.c.enter(file);
    f();
    this.c.enter(this.file);
  }
}
