// policy eval FILE --subject TYPE --facts JSON [--date D] [--ledger L] [--params P] [--json] [--trace]
import { compileFile, flag, inputErrorsText, printDiagnostics, readJsonInput, type CliArgs } from './common.ts';
import { inForce, loadFamily, printFamilyDiagnostics } from './family.ts';
import { withBasis } from '../amend.ts';
import { clip } from './args.ts';
import { evaluate, type Decision } from '../evaluate.ts';
import { validateFacts, validateLedger, validateParams, normaliseDate, showValue, type InputError } from '../facts.ts';
import { message, type Lang } from '../messages.ts';
import { fenToString, parseDecimal, roundTo, type Rat } from '../rational.ts';
import { labelText } from '../render.ts';
import { AMOUNT_OPEN } from '../decision/steps.ts';
import type { Model } from '../model.ts';

function printInputErrors(errors: InputError[], lang: Lang) {
  process.stderr.write(inputErrorsText(errors, lang) + '\n');
}

export const todayIso = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function explain(model: Model, decision: Decision, lang: Lang, showAll: boolean): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  const subj = model.subjects.get(decision.subject);
  lines.push(`${model.header.docNumber ?? ''} ${labelText(model.header.title, lang, '')}`.trim());
  const documents = (decision as { documents?: string[] }).documents;
  if (documents && documents.length > 1) lines.push(message('amend.documents', lang, { docs: message('amend.asAmended', lang, { base: documents[0]!, amendments: documents.slice(1).join(zh ? '、' : ', ') }) }));
  lines.push(zh ? `申请对象：${labelText(subj?.label, lang, decision.subject)}　评估日期：${decision.asOf}` : `Subject: ${labelText(subj?.label, lang, decision.subject)}   as of ${decision.asOf}`);
  for (const b of decision.benefits) {
    if (!showAll && b.reasons.some((r) => r.code === 'P4001')) continue;
    const mark = { eligible: '✓', ineligible: '✗', undetermined: '?' }[b.status];
    const head = `${mark} ${b.clause ?? ''} ${b.title}`;
    if (b.status === 'eligible') {
      const parts: string[] = [];
      if (b.amount) parts.push(`${b.kind ? message(`cli.kind.${b.kind}`, lang) : ''}${zh ? `${b.amount}元` : `${b.amount} yuan`}`);
      if (b.outcome) parts.push(`${message('cli.outcome', lang)}${zh ? '：' : ': '}${b.outcome}`);
      if (b.fund) parts.push(`${message('cli.fund', lang)}${zh ? '：' : ': '}${b.fund}`);
      // 分担: each fund's part.
      const split = (b as { parts?: { fund: string; amount: string }[] }).parts;
      if (split) parts.push(`${message('cli.fund', lang)}${zh ? '：' : ': '}${split.map((p) => (zh ? `${p.fund}${p.amount}元` : `${p.fund} ${p.amount} yuan`)).join(zh ? '、' : ', ')}`);
      // 其中: each part of the amount by kind.
      if (b.composition) parts.push(`${message('cli.ofWhich', lang)}${zh ? '：' : ': '}${b.composition.map((p) => (zh ? `${p.kind}${p.amount}元` : `${p.kind} ${p.amount} yuan`)).join(zh ? '、' : ', ')}`);
      if (b.payer) parts.push(`${message('cli.payer', lang)}${zh ? '：' : ': '}${b.payer}`);
      for (const r of b.reasons) parts.push(r.message);
      // Decided by a clause an amendment wrote: 依据萧人社〔2026〕5号修订后的二（三）7.
      const basis = (b as { basis?: string }).basis;
      if (basis) parts.push(basis);
      lines.push(`${head} — ${parts.join(zh ? '；' : '; ')}`);
      // 义务: what the recipient must go on doing, never a condition of this decision.
      for (const o of b.obligations ?? []) lines.push(`      ${message(o.clawback ? 'cli.obligation.clawback' : 'cli.obligation', lang, { text: o.text })}`);
    } else {
      const basis = (b as { basis?: string }).basis;
      const reasons = [...b.reasons.map((r) => r.message), ...(basis ? [basis] : [])];
      lines.push(`${head} — ${message(b.status === 'ineligible' ? 'status.ineligible' : 'status.undetermined', lang)}${zh ? '：' : ': '}${reasons.join(zh ? '；' : '; ')}`);
    }
    for (const t of b.trace ?? []) lines.push(`      ${t}`);
  }
  // Eligible without an amount (set by other rules, P4010, or pending review, P4051–P4053): not in the total, and said so.
  // 金额：未载明 (P4135): the text states none — not pending, said apart.
  const unstated = decision.benefits.filter((b) => b.status === 'eligible' && b.amount === null && b.reasons.some((r) => r.code === 'P4135')).length;
  const open = decision.benefits.filter((b) => b.status === 'eligible' && b.amount === null && b.reasons.some((r) => r.code !== 'P4135' && AMOUNT_OPEN.has(r.code))).length;
  // 自行选择: alternatives the applicant chooses between count once, the highest.
  const choices = decision.benefits.some((b) => b.reasons.some((r) => r.code === 'P4063'));
  // 金额性质：消费券: vouchers are not cash; the total says how much was granted in them beside it (exact fen).
  let vouchers = 0n;
  const fen = (yuan: string) => roundTo(parseDecimal(yuan)!, 100n, 'half-up');
  for (const b of decision.benefits) {
    if (b.status !== 'eligible' || !b.amount) continue;
    if (b.kind === 'voucher') vouchers += fen(b.amount);
    else if (!b.kind && !b.payer) for (const p of b.composition ?? []) if (p.voucher) vouchers += fen(p.amount);
  }
  const note = (open ? message('cli.totalOpen', lang, { count: open }) : '') + (unstated ? message('cli.totalUnstated', lang, { count: unstated }) : '') + (choices ? message('cli.totalChoices', lang) : '') + (vouchers > 0n ? message('cli.totalVouchers', lang, { amount: fenToString(vouchers) }) : '');
  lines.push(`${message('cli.total', lang)}${zh ? '：' : ': '}${decision.total}${zh ? '元' : ' yuan'}${note}`);
  return lines.join('\n') + '\n';
}

export async function run(args: CliArgs): Promise<number> {
  // The option table makes FILE, --subject and --facts required.
  const file = args.positional[0]!;
  const subject = flag(args, 'subject')!;
  const factsPath = flag(args, 'facts')!;
  // A policy with amendments beside it decides with the text in force on the date (compiler/amend.ts).
  const dateFlag = flag(args, 'date');
  const asOf = dateFlag ? normaliseDate(dateFlag) : todayIso();
  const family = loadFamily(file, args.lang);
  const amended = family.amendments.length ? inForce(family, asOf ?? undefined) : undefined;
  if (amended && printFamilyDiagnostics(amended, family, args.lang)) return 1;
  const c = amended?.compilation ?? compileFile(file, args.lang);
  if (c.hasErrors) {
    printDiagnostics(c, file, args.lang);
    return 1;
  }
  const rawFacts = await readJsonInput('--facts', factsPath, args.lang);
  const errors: InputError[] = [];
  const facts = validateFacts(c.model, subject, rawFacts);
  if (!facts.ok) for (const e of facts.errors) errors.push(e);
  let ledger: import('../facts.ts').LedgerEntry[] = [];
  const ledgerPath = flag(args, 'ledger');
  if (ledgerPath) {
    const raw = await readJsonInput('--ledger', ledgerPath, args.lang);
    // A ledger cannot record the future: an entry after the as-of date is an error (P3015).
    const l = validateLedger(c.model, raw, asOf ?? undefined);
    if (l.ok) ledger = l.ledger;
    else for (const e of l.errors) errors.push(e);
  }
  let params: Record<string, Rat> = {};
  const paramsPath = flag(args, 'params');
  if (paramsPath) {
    // One rule for all money input (facts, ledgers, parameters): at most two decimals, never rounded.
    const p = validateParams(c.model, await readJsonInput('--params', paramsPath, args.lang));
    if (p.ok) params = p.params;
    else for (const e of p.errors) errors.push(e);
  }
  if (!asOf) errors.push({ code: 'P3006', field: '--date', args: { found: showValue(dateFlag ?? '') } });
  if (errors.length || !facts.ok || !asOf) {
    printInputErrors(errors, args.lang);
    return 2;
  }
  const plain = evaluate(c.model, subject, facts.facts, { asOf, ledger, params, lang: args.lang, trace: args.flags.get('trace') === true });
  const decision = amended ? withBasis(plain, amended, args.lang) : plain;
  if (args.json) process.stdout.write(JSON.stringify(decision, null, 2) + '\n');
  else process.stdout.write(explain(c.model, decision, args.lang, args.flags.get('all') === true));
  return 0;
}
