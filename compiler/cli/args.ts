// Command-line parsing and help, both driven by the option table in
// commands.ts. Parsing is node's util.parseArgs in strict mode; when it
// refuses, the same arguments are walked as tokens to say which option was
// wrong and what was meant, in the user's language. Beyond util.parseArgs:
// empty values (`--date=`), values outside an option's choices, an option
// given twice, missing required options and the number of positional
// arguments are refused too. Nothing misunderstood ever runs.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { message, type Lang } from '../messages.ts';
import { closest } from '../check.ts';
import { COMMANDS, optionsOf, type CommandDef, type OptionDef } from './commands.ts';
import type { CliArgs } from './common.ts';

/** The language of messages printed before the arguments are understood: --lang if given, else POLICY_LANG / LANG. */
export function guessLang(argv: readonly string[]): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const v = a.startsWith('--lang=') ? a.slice(7) : a === '--lang' ? argv[i + 1] : undefined;
    if (v === 'en' || v === 'zh') return v;
  }
  return envLang();
}

export function envLang(): Lang {
  return (process.env['POLICY_LANG'] ?? process.env['LANG'] ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

export type Parsed = { ok: true; args: CliArgs } | { ok: false; error: string };

const looksLikeOption = (v: string) => v.length > 1 && v.startsWith('-');

/** `--name` or `-n`. */
const spell = (name: string, def?: OptionDef) => (name.length === 1 && !def ? `-${name}` : `--${name}`);

/** `--target sql`, `--engine js|duckdb`, `--population`: what an option needs beside it. */
const onlyWithText = (o: OptionDef): string => `--${o.onlyWith!.option}${o.onlyWith!.values ? ' ' + o.onlyWith!.values.join('|') : ''}`;

function placeholder(def: OptionDef, lang: Lang): string {
  if (def.choices) return def.choices.join('|');
  return def.value ? message(def.value, lang) : '';
}

/** Parses one command's arguments against its declared options. */
export function parseCommand(command: string, def: CommandDef, argv: readonly string[], lang: Lang): Parsed {
  const options = optionsOf(def);
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple: true }> = {};
  for (const [name, o] of Object.entries(options)) config[name] = { type: o.type, ...(o.short && { short: o.short }), multiple: true };
  const fail = (error: string): Parsed => ({ ok: false, error: `policy ${command}: ${error}` });

  // A negative number after an option that takes a value is that value (`--print-width -5`), so the
  // option's own check says what is wrong with it, rather than util.parseArgs taking it for an option.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && Object.hasOwn(options, name) && options[name]!.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  let parsed: ReturnType<typeof nodeParseArgs<{ args: string[]; options: typeof config; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = nodeParseArgs({ args, options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    return fail(explainRefusal(args, options, config, lang) ?? (e as Error).message);
  }
  // util.parseArgs accepts these; we do not.
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue;
    const o = options[t.name]!;
    if (o.type === 'string' && t.value === '') return fail(message('cli.missingValue', lang, { option: t.rawName, value: placeholder(o, lang) }));
  }
  const flags = new Map<string, string | true>();
  for (const [name, values] of Object.entries(parsed.values)) {
    const list = values as (string | boolean)[];
    const o = options[name]!;
    if (list.length > 1) return fail(message('cli.repeatedOption', lang, { option: `--${name}` }));
    const v = list[0]!;
    if (typeof v === 'string') {
      if (o.choices && !o.choices.includes(v)) return fail(message('cli.badChoice', lang, { option: `--${name}`, found: clip(v), allowed: o.choices.join(', ') }));
      flags.set(name, v);
    } else if (v) flags.set(name, true);
  }
  if (flags.get('help') !== true) {
    for (const [name, o] of Object.entries(options)) {
      if (o.required && !flags.has(name)) return fail(message('cli.missingOption', lang, { option: `--${name}`, value: placeholder(o, lang) }));
    }
    // An option that means nothing next to the others is refused, never ignored.
    for (const name of flags.keys()) {
      const o = options[name]!;
      if (o.onlyWith) {
        const other = flags.get(o.onlyWith.option) ?? options[o.onlyWith.option]?.default;
        const values = o.onlyWith.values;
        if (values ? typeof other !== 'string' || !values.includes(other) : other === undefined)
          return fail(message('cli.onlyWith', lang, { option: `--${name}`, other: onlyWithText(o) }));
      }
      for (const other of o.notWith ?? []) if (flags.has(other)) return fail(message('cli.notWith', lang, { option: `--${name}`, other: `--${other}` }));
    }
    const clash = overwrites(parsed.positionals, flags, options);
    if (clash) return fail(message('cli.overwrites', lang, clash));
    const { min, max } = def.positionals;
    if (parsed.positionals.length < min) return fail(message('cli.missingArgument', lang, { value: message(def.positionals.value, lang) }));
    if (max !== undefined && parsed.positionals.length > max) return fail(message('cli.extraArgument', lang, { found: clip(parsed.positionals[max]!, 300) }));
  }
  const langFlag = flags.get('lang');
  return {
    ok: true,
    args: {
      command,
      positional: parsed.positionals,
      flags,
      lang: langFlag === 'en' || langFlag === 'zh' ? langFlag : envLang(),
      json: flags.get('json') === true,
    },
  };
}

/** One file on disk: the same resolved path, or the same file reached another way (a link). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino === y.ino && x.dev === y.dev && x.isFile();
  } catch {
    return false;
  }
}

/** An output path that is an input (a positional file or an `in` option) or another output: what clashes, for the message. */
function overwrites(positionals: readonly string[], flags: ReadonlyMap<string, string | true>, options: Record<string, OptionDef>): { option: string; path: string; other: string } | undefined {
  const inputs: [string, string][] = positionals.map((p) => [p, p]);
  const outputs: [string, string][] = [];
  for (const [name, v] of flags) {
    const kind = options[name]?.path;
    if (typeof v !== 'string' || !kind || v === '-' || /^\s*[[{"]/.test(v)) continue;
    (kind === 'in' ? inputs : outputs).push([`--${name}`, v]);
  }
  for (let i = 0; i < outputs.length; i++) {
    const [option, path] = outputs[i]!;
    for (const [other, q] of [...inputs, ...outputs.slice(0, i)]) if (sameFile(path, q)) return { option, path: clip(path, 300), other: clip(other, 300) };
  }
  return undefined;
}

/** Why strict parsing refused these arguments: the first option that is unknown, lacks its value or has one it must not. */
function explainRefusal(
  argv: readonly string[],
  options: Record<string, OptionDef>,
  config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple: true }>,
  lang: Lang,
): string | undefined {
  let tokens;
  try {
    tokens = nodeParseArgs({ args: [...argv], options: config, allowPositionals: true, strict: false, tokens: true }).tokens;
  } catch {
    return undefined;
  }
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (!o) {
      const names = Object.keys(options).map((n) => `--${n}`);
      const guess = closest(t.rawName.startsWith('--') ? t.rawName : `--${t.name}`, names);
      const hint = guess ? message('cli.didYouMean', lang, { name: guess }) : '';
      return message('cli.unknownOption', lang, { option: clip(t.rawName), hint });
    }
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && looksLikeOption(t.value)))) {
      return message('cli.missingValue', lang, { option: spell(t.name), value: placeholder(o, lang) });
    }
    if (o.type === 'boolean' && t.value !== undefined) return message('cli.takesNoValue', lang, { option: `--${t.name}`, found: clip(t.value) });
  }
  return undefined;
}

/** A user's text quoted in a message: at most `max` characters, control characters escaped. */
export function clip(s: string, max = 60): string {
  const head = s.length <= max ? s : Array.from(s.slice(0, max * 2)).slice(0, max).join('') + '…';
  return head.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---- help, generated from the table ----

export function usageLine(command: string, def: CommandDef, lang: Lang): string {
  const parts = [`policy ${command}`];
  const { value, min, max } = def.positionals;
  const p = message(value, lang);
  if (max !== 0) parts.push(max === undefined ? `${p}…` : min === 0 ? `[${p}]` : p);
  for (const [name, o] of Object.entries(def.options)) {
    const text = o.type === 'string' ? `--${name} ${placeholder(o, lang)}` : `--${name}`;
    parts.push(o.required ? text : `[${text}]`);
  }
  return parts.join(' ');
}

export function commandHelp(command: string, def: CommandDef, lang: Lang): string {
  const lines = [message('cli.usagePrefix', lang, { usage: usageLine(command, def, lang) }), '', message(def.help, lang), '', message('cli.optionsHeading', lang)];
  const rows: [string, string][] = [];
  for (const [name, o] of Object.entries(optionsOf(def))) {
    const left = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' ' + placeholder(o, lang) : ''}`;
    const notes = [
      o.required && message('cli.required', lang),
      o.onlyWith && message('cli.onlyWithHelp', lang, { other: onlyWithText(o) }),
      o.notWith && message('cli.notWithHelp', lang, { other: o.notWith.map((n) => `--${n}`).join(', ') }),
    ].filter((x): x is string => typeof x === 'string');
    rows.push([left, message(o.help, lang) + notes.join('')]);
  }
  const width = Math.max(...rows.map(([l]) => l.length));
  for (const [l, r] of rows) lines.push(`  ${l.padEnd(width)}  ${r}`);
  return lines.join('\n') + '\n';
}

export function generalHelp(lang: Lang): string {
  const lines = [message('cli.title', lang), ''];
  for (const [name, def] of Object.entries(COMMANDS)) {
    if (def.hidden) continue;
    lines.push(`  ${usageLine(name, def, lang)}`, `      ${message(def.help, lang)}`);
  }
  lines.push('', message('cli.commonOptions', lang), '', message('cli.moreHelp', lang));
  return lines.join('\n') + '\n';
}

/** One line naming the commands, printed after an unknown or missing command. */
export function shortUsage(lang: Lang): string {
  const names = Object.entries(COMMANDS)
    .filter(([, d]) => !d.hidden)
    .map(([n]) => n);
  return message('cli.usage', lang, { commands: names.join('|') });
}
