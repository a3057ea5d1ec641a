// 政策计算器: a form generated from the policy's subjects and facts (as the
// worker describes them, panes.ts → calculatorForm), a ledger editor, and the
// decision of the reference evaluator for what was entered. The form is
// rebuilt only when the policy's subjects or facts change, so typing in the
// editor never clears what the officer entered; values are kept by fact name.
import { message, type Lang, type MessageId } from '../../compiler/messages.ts';
import type { CalculatorForm, EvaluateParams, EvaluateResult, FormFact, PanesReply } from './panes.ts';

type Evaluate = (p: Omit<EvaluateParams, 'uri' | 'lang'>) => Promise<EvaluateResult>;

/** What was entered for a fact: text, a value per level (perLevel), or a list's members. */
type Entered = string | Record<string, string>;
/** One member of a 名单: what was entered for each of its facts. */
type Member = Map<string, Entered>;

interface LedgerRow {
  benefit: string;
  date: string;
  amount: string;
  key: string;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
  const { dataset, ...rest } = props;
  const e = Object.assign(document.createElement(tag), rest);
  if (dataset) Object.assign(e.dataset, dataset);
  e.append(...children);
  return e;
};

/** An entered value as `policy eval --facts` reads it. */
const json = (f: FormFact, v: Entered): unknown => (f.input === 'bool' ? v === 'true' : v);

export class Calculator {
  private form: CalculatorForm | undefined;
  private formKey = '';
  private subject = '';
  private asOf = '';
  /** Entered values: subject → fact → raw input (perLevel: level → raw). */
  private values = new Map<string, Map<string, Entered | Member[]>>();
  private ledger: LedgerRow[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private blocked = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly lang: () => Lang,
    private readonly evaluate: Evaluate,
  ) {}

  private m(id: MessageId, args: Record<string, string | number> = {}) {
    return message(id, this.lang(), args);
  }

  /** Forget the rendered form (e.g. the language changed); values stay. */
  reset(): void {
    this.formKey = '';
  }

  update(p: PanesReply, form: CalculatorForm): void {
    this.blocked = p.errors > 0;
    const key = JSON.stringify(form);
    if (key !== this.formKey) {
      this.formKey = key;
      this.form = form;
      if (!form.subjects.some((s) => s.name === this.subject)) this.subject = form.subjects[0]?.name ?? '';
      if (!this.asOf) this.asOf = form.defaultAsOf ?? new Date().toISOString().slice(0, 10);
      this.render();
    }
    this.schedule(0);
  }

  private valuesOf(subject: string) {
    let v = this.values.get(subject);
    if (!v) this.values.set(subject, (v = new Map()));
    return v;
  }

  private schedule(delay = 250): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private render(): void {
    const form = this.form;
    this.root.textContent = '';
    if (!form || !form.subjects.length) return;
    const subjectSel = el('select', { id: 'calc-subject', name: 'subject' });
    for (const s of form.subjects) subjectSel.append(el('option', { value: s.name, selected: s.name === this.subject }, s.label));
    subjectSel.addEventListener('change', () => {
      this.subject = subjectSel.value;
      this.render();
      this.schedule(0);
    });
    const asOf = el('input', { id: 'calc-asof', type: 'date', value: this.asOf });
    asOf.addEventListener('change', () => {
      this.asOf = asOf.value;
      this.schedule();
    });
    this.root.append(
      el('div', { className: 'calc-row' }, el('label', { htmlFor: 'calc-subject' }, this.m('workbench.calc.subject')), subjectSel),
      el('div', { className: 'calc-row' }, el('label', { htmlFor: 'calc-asof' }, this.m('workbench.calc.asOf')), asOf),
    );
    const subject = form.subjects.find((s) => s.name === this.subject);
    const facts = el('fieldset', { className: 'calc-facts' }, el('legend', {}, this.m('workbench.calc.facts')));
    for (const f of subject?.facts ?? []) facts.append(this.factRow(f));
    this.root.append(facts, this.ledgerEditor(form), el('div', { id: 'calc-result', className: 'calc-result' }));
  }

  private factRow(f: FormFact): HTMLElement {
    const values = this.valuesOf(this.subject);
    const id = `fact-${this.subject}-${f.name}`;
    const row = el('div', { className: f.input === 'list' ? 'calc-row calc-list-row' : 'calc-row', dataset: { fact: f.name } });
    row.append(el('label', { htmlFor: id }, f.label));
    if (f.derived) {
      row.append(el('span', { className: 'muted' }, this.m('workbench.calc.derived')));
      return row;
    }
    if (f.input === 'list') {
      const current = values.get(f.name);
      const rows = Array.isArray(current) ? current : [];
      values.set(f.name, rows);
      row.append(this.listEditor(f, id, rows));
      return row;
    }
    row.append(
      ...this.inputs(f, id, f.name, values.get(f.name) as Entered | undefined, (v) => {
        if (v === undefined) values.delete(f.name);
        else values.set(f.name, v);
        this.schedule();
      }),
    );
    return row;
  }

  /** The input(s) for one fact: `current` is what was entered, `set` records a change (undefined: cleared). */
  private inputs(f: FormFact, id: string, name: string, current: Entered | undefined, set: (v: Entered | undefined) => void): (HTMLElement | string)[] {
    const text = typeof current === 'string' ? current : '';
    const setText = (v: string) => set(v === '' ? undefined : v);
    const unit = () => (f.unit ? el('span', { className: 'unit' }, f.unit) : '');
    const select = (options: { value: string; label: string }[]) => {
      const s = el('select', { id, name }, el('option', { value: '' }, this.m('workbench.calc.unset')));
      for (const o of options) s.append(el('option', { value: o.value, selected: o.value === text }, o.label));
      s.addEventListener('change', () => setText(s.value));
      return s;
    };
    switch (f.input) {
      case 'bool':
        return [select([{ value: 'true', label: this.m('workbench.calc.yes') }, { value: 'false', label: this.m('workbench.calc.no') }])];
      case 'level':
      case 'enum':
        return [select(f.options ?? [])];
      case 'date': {
        const i = el('input', { id, name, type: 'date', value: text });
        i.addEventListener('change', () => setText(i.value));
        return [i];
      }
      case 'perLevel': {
        const map = (current && typeof current === 'object' && !Array.isArray(current) ? current : {}) as Record<string, string>;
        const grid = el('div', { className: 'per-level', id });
        for (const o of f.options ?? []) {
          const i = el('input', { type: 'text', inputMode: 'numeric', value: map[o.value] ?? '', name: `${name}.${o.value}`, size: 5 });
          i.addEventListener('input', () => {
            if (i.value.trim() === '') delete map[o.value];
            else map[o.value] = i.value.trim();
            set(Object.keys(map).length ? { ...map } : undefined);
          });
          grid.append(el('label', {}, o.label, i, unit()));
        }
        return [grid];
      }
      default: {
        const numeric = f.input === 'number' || f.input === 'money';
        const i = el('input', { id, name, type: 'text', value: text, ...(numeric && { inputMode: f.integer ? 'numeric' : 'decimal', size: 8 }) });
        i.addEventListener('input', () => setText(i.value.trim()));
        return [i, unit()];
      }
    }
  }

  /**
   * A 名单 (list) fact: a table with one row per member and one column per fact of the member type (its own
   * inputs: pickers for levels and enums, numbers with their units, dates), rows added and removed by the
   * officer. Derived member facts are computed by the evaluator, not asked.
   */
  private listEditor(f: FormFact, id: string, rows: Member[]): HTMLElement {
    const asked = (f.members ?? []).filter((x) => !x.derived);
    const box = el('div', { className: 'calc-list', id });
    const table = el('table');
    table.append(el('tr', {}, el('th', {}, this.m('workbench.calc.member')), ...asked.map((x) => el('th', {}, x.label)), el('th')));
    rows.forEach((member, i) => {
      const tr = el('tr', { dataset: { member: String(i) } });
      tr.append(el('td', {}, this.m('workbench.calc.memberNo', { n: i + 1 })));
      for (const x of asked) {
        const cell = el('td', { dataset: { fact: x.name } });
        cell.append(
          ...this.inputs(x, `${id}-${i}-${x.name}`, `${f.name}[${i}].${x.name}`, member.get(x.name), (v) => {
            if (v === undefined) member.delete(x.name);
            else member.set(x.name, v);
            this.schedule();
          }),
        );
        tr.append(cell);
      }
      const remove = el('button', { type: 'button', className: 'member-remove' }, this.m('workbench.calc.memberRemove'));
      remove.addEventListener('click', () => {
        rows.splice(i, 1);
        this.render();
        this.schedule(0);
      });
      tr.append(el('td', {}, remove));
      table.append(tr);
    });
    const add = el('button', { type: 'button', className: 'member-add' }, this.m('workbench.calc.memberAdd', { member: f.of?.label ?? '' }));
    add.addEventListener('click', () => {
      rows.push(new Map());
      this.render();
      this.schedule();
    });
    box.append(rows.length ? table : el('p', { className: 'muted' }, this.m('workbench.calc.membersNone')), add);
    return box;
  }

  private ledgerEditor(form: CalculatorForm): HTMLElement {
    const box = el('fieldset', { className: 'calc-ledger' }, el('legend', {}, this.m('workbench.calc.ledger')));
    const table = el('table');
    table.append(
      el(
        'tr',
        {},
        el('th', {}, this.m('workbench.calc.ledgerBenefit')),
        el('th', {}, this.m('workbench.calc.ledgerDate')),
        el('th', {}, this.m('workbench.calc.ledgerAmount')),
        el('th', {}, this.m('workbench.calc.ledgerKey')),
        el('th'),
      ),
    );
    this.ledger.forEach((row, i) => {
      const benefit = el('select', { name: `ledger-${i}-benefit` });
      for (const b of form.benefits) benefit.append(el('option', { value: b.id, selected: b.id === row.benefit }, `${b.clause ? b.clause + ' ' : ''}${b.title}`));
      if (!row.benefit && form.benefits[0]) row.benefit = form.benefits[0].id;
      benefit.addEventListener('change', () => ((row.benefit = benefit.value), this.schedule()));
      const date = el('input', { type: 'date', value: row.date, name: `ledger-${i}-date` });
      date.addEventListener('change', () => ((row.date = date.value), this.schedule()));
      const amount = el('input', { type: 'text', inputMode: 'decimal', value: row.amount, name: `ledger-${i}-amount`, size: 9 });
      amount.addEventListener('input', () => ((row.amount = amount.value.trim()), this.schedule()));
      const key = el('input', { type: 'text', value: row.key, name: `ledger-${i}-key`, size: 10 });
      key.addEventListener('input', () => ((row.key = key.value), this.schedule()));
      const remove = el('button', { type: 'button' }, this.m('workbench.calc.ledgerRemove'));
      remove.addEventListener('click', () => {
        this.ledger.splice(i, 1);
        this.render();
        this.schedule(0);
      });
      table.append(el('tr', {}, el('td', {}, benefit), el('td', {}, date), el('td', {}, amount), el('td', {}, key), el('td', {}, remove)));
    });
    const add = el('button', { type: 'button', id: 'ledger-add' }, this.m('workbench.calc.ledgerAdd'));
    add.addEventListener('click', () => {
      this.ledger.push({ benefit: form.benefits[0]?.id ?? '', date: this.asOf, amount: '', key: '' });
      this.render();
    });
    box.append(table, add);
    return box;
  }

  /** The facts as `policy eval --facts` reads them. */
  private factsJson(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const subject = this.form?.subjects.find((s) => s.name === this.subject);
    for (const [name, v] of this.valuesOf(this.subject)) {
      const f = subject?.facts.find((x) => x.name === name);
      if (!f || f.derived) continue;
      // A list without members is not given (the evaluator says what is missing), not an empty list.
      if (Array.isArray(v) && !v.length) continue;
      out[name] = Array.isArray(v) ? v.map((member) => this.memberJson(f, member)) : json(f, v);
    }
    return out;
  }

  /** One member of a list as the facts of its subject type. */
  private memberJson(f: FormFact, member: Member): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, v] of member) {
      const x = f.members?.find((m) => m.name === name);
      if (x && !x.derived) out[name] = json(x, v);
    }
    return out;
  }

  private ledgerJson(): unknown[] {
    return this.ledger
      .filter((r) => r.amount !== '' || r.date !== '')
      .map((r) => {
        const entry: Record<string, unknown> = { benefit: r.benefit, date: r.date, amount: r.amount };
        const pairs = r.key
          .split(/[,，;；]/)
          .map((p) => p.trim())
          .filter(Boolean);
        if (pairs.length) entry['key'] = Object.fromEntries(pairs.map((p) => p.split(/[=＝:：]/).map((s) => s.trim()) as [string, string]));
        return entry;
      });
  }

  private async run(): Promise<void> {
    const out = this.root.querySelector<HTMLElement>('#calc-result');
    if (!out || !this.subject) return;
    const seq = ++this.seq;
    if (this.blocked) {
      out.textContent = this.m('workbench.calc.fixErrors');
      return;
    }
    let r: EvaluateResult;
    try {
      r = await this.evaluate({ subject: this.subject, facts: this.factsJson(), ledger: this.ledgerJson(), asOf: this.asOf });
    } catch (e) {
      if (seq === this.seq) out.textContent = this.m('workbench.serverDown', { message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (seq !== this.seq) return;
    out.textContent = '';
    out.append(el('h3', {}, this.m('workbench.calc.decision')));
    if (!r.ok) {
      out.dataset['ok'] = 'false';
      const ul = el('ul', { className: 'input-errors' });
      for (const e of r.errors) ul.append(el('li', {}, e.message));
      out.append(el('p', {}, this.m('cli.inputErrors')), ul);
      return;
    }
    out.dataset['ok'] = 'true';
    const labels = new Map(this.form?.subjects.find((s) => s.name === this.subject)?.facts.map((f) => [f.name, f.label]) ?? []);
    for (const b of r.benefits) {
      const mark = { eligible: '✓', ineligible: '✗', undetermined: '?' }[b.status];
      const head = el(
        'div',
        { className: 'head' },
        el('span', { className: 'mark' }, mark),
        b.clause ? el('span', { className: 'clause' }, this.m('workbench.calc.clause', { clause: b.clause })) : '',
        el('span', { className: 'title' }, b.title),
        el('span', { className: 'status' }, this.m(`status.${b.status}` as MessageId)),
      );
      const body = el('ul');
      if (b.amount) body.append(el('li', { className: 'amount' }, this.m('workbench.calc.amount', { amount: b.amount })));
      if (b.outcome) body.append(el('li', {}, `${this.m('cli.outcome')}: ${b.outcome}`));
      // The ceiling, the annual cap and running totals are stated by the reasons (P4021–P4024), in full.
      if (b.fund) body.append(el('li', {}, `${this.m('cli.fund')}: ${b.fund}`));
      for (const reason of b.reasons) body.append(el('li', { className: 'reason' }, reason.message));
      if (b.missing.length) body.append(el('li', { className: 'missing' }, `${this.m('cli.missing')}: ${b.missing.map((n) => labels.get(n) ?? n).join(this.lang() === 'zh' ? '、' : ', ')}`));
      out.append(el('section', { className: `decision ${b.status}`, dataset: { benefit: b.id, status: b.status, amount: b.amount ?? '' } }, head, body));
    }
    if (r.notForSubject) out.append(el('p', { className: 'muted' }, this.m('workbench.calc.notForSubject', { count: r.notForSubject })));
    out.append(el('p', { className: 'total' }, this.m('workbench.calc.total', { total: r.total })));
  }
}
