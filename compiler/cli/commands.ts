// The option table: every `policy` command, its arguments and its options,
// declared once. The parser (node's util.parseArgs, strict), `policy help`
// and `policy COMMAND --help` are all driven by this table, so an option
// that is not declared here cannot be given, and one that is declared is
// documented. To add a command: add an entry to COMMANDS (its text goes in
// compiler/messages.ts under `cli.cmd.NAME` / `cli.opt.…`) and write
// compiler/cli/NAME.ts exporting `run(args: CliArgs): Promise<number>`.
import type { MessageId } from '../messages.ts';
import type { CliArgs } from './common.ts';

export interface OptionDef {
  /** `string` options need a value (`--date 2025-06-01` or `--date=2025-06-01`); `boolean` ones take none. */
  type: 'string' | 'boolean';
  /** One-letter alias (`-h`). */
  short?: string;
  /** The value's placeholder in help, e.g. `cli.arg.date` → DATE / 日期. */
  value?: MessageId;
  /** The one-line help text. */
  help: MessageId;
  /** The only values accepted. */
  choices?: readonly string[];
  /** The command cannot run without it. */
  required?: boolean;
  /** The value the command uses when the option is not given (for `onlyWith` of other options; shown in help). */
  default?: string;
  /**
   * The option means something only next to another one (`--dialect` only with `--target sql`): given
   * without it, the command line is refused rather than the option ignored. `values`: the other
   * option's values (its default counts); without `values`, the other option must be given.
   */
  onlyWith?: { option: string; values?: readonly string[] };
  /** Options it cannot be given with (`eval --all` lists reasons in the text, not in --json). */
  notWith?: readonly string[];
  /**
   * The value names a file the command reads (`in`; a JSON option's inline JSON is no path) or writes (`out`).
   * A command line whose output is one of its inputs or another output is refused (`summary p.policy --out
   * p.policy` overwrote the policy).
   */
  path?: 'in' | 'out';
}

export interface CommandDef {
  /** What the command does, one line (`policy help`). */
  help: MessageId;
  /** Positional arguments: their placeholder, and how many (max undefined = any number). */
  positionals: { value: MessageId; min: number; max?: number };
  options: Readonly<Record<string, OptionDef>>;
  /** Loads the command's module; a static import so bundlers see it. */
  load: () => Promise<{ run: (args: CliArgs) => Promise<number> }>;
  /** Not listed by `policy help` (still has --help). */
  hidden?: boolean;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionDef>> = {
  lang: { type: 'string', value: 'cli.arg.lang', help: 'cli.opt.lang', choices: ['zh', 'en'] },
  help: { type: 'boolean', short: 'h', help: 'cli.opt.help' },
};

const FILE = { value: 'cli.arg.file', min: 1 } as const;
const json = { type: 'boolean', help: 'cli.opt.json' } as const;
const SQL = { option: 'target', values: ['sql'] } as const;
const JS_ENGINE = { option: 'engine', values: ['js'] } as const;

export const COMMANDS: Readonly<Record<string, CommandDef>> = {
  check: {
    help: 'cli.cmd.check',
    positionals: FILE,
    options: { json },
    load: () => import('./check.ts'),
  },
  eval: {
    help: 'cli.cmd.eval',
    positionals: { value: 'cli.arg.file', min: 1, max: 1 },
    options: {
      subject: { type: 'string', value: 'cli.arg.subject', help: 'cli.opt.subject', required: true },
      facts: { type: 'string', value: 'cli.arg.json', help: 'cli.opt.facts', required: true, path: 'in' },
      date: { type: 'string', value: 'cli.arg.date', help: 'cli.opt.date' },
      ledger: { type: 'string', value: 'cli.arg.json', help: 'cli.opt.ledger', path: 'in' },
      params: { type: 'string', value: 'cli.arg.json', help: 'cli.opt.params', path: 'in' },
      json: { type: 'boolean', help: 'cli.opt.evalJson' },
      trace: { type: 'boolean', help: 'cli.opt.trace' },
      all: { type: 'boolean', help: 'cli.opt.all', notWith: ['json'] },
    },
    load: () => import('./eval.ts'),
  },
  test: {
    help: 'cli.cmd.test',
    positionals: FILE,
    options: {
      verbose: { type: 'boolean', short: 'v', help: 'cli.opt.testVerbose', notWith: ['json'] },
      json: { type: 'boolean', help: 'cli.opt.testJson' },
    },
    load: () => import('./test.ts'),
  },
  fmt: {
    help: 'cli.cmd.fmt',
    positionals: FILE,
    options: {
      check: { type: 'boolean', help: 'cli.opt.check' },
      keywords: { type: 'string', value: 'cli.arg.keywords', help: 'cli.opt.keywords', choices: ['keep', 'zh', 'en'] },
      punctuation: { type: 'string', value: 'cli.arg.punctuation', help: 'cli.opt.punctuation', choices: ['auto', 'full', 'half'] },
      'print-width': { type: 'string', value: 'cli.arg.width', help: 'cli.opt.printWidth' },
    },
    load: () => import('./fmt.ts'),
  },
  build: {
    help: 'cli.cmd.build',
    positionals: FILE,
    options: {
      out: { type: 'string', value: 'cli.arg.dir', help: 'cli.opt.buildOut', path: 'out' },
      json: { type: 'boolean', help: 'cli.opt.buildJson', onlyWith: { option: 'target', values: ['ts', 'sql'] } },
      target: { type: 'string', value: 'cli.arg.target', help: 'cli.opt.target', choices: ['ts', 'sql', 'ir'], default: 'ts' },
      dialect: { type: 'string', value: 'cli.arg.dialect', help: 'cli.opt.dialect', choices: ['duckdb', 'spark'], onlyWith: SQL },
      date: { type: 'string', value: 'cli.arg.date', help: 'cli.opt.sqlDate', onlyWith: SQL },
      params: { type: 'string', value: 'cli.arg.json', help: 'cli.opt.params', onlyWith: SQL, path: 'in' },
    },
    load: () => import('./build.ts'),
  },
  summary: {
    help: 'cli.cmd.summary',
    positionals: { value: 'cli.arg.file', min: 1, max: 1 },
    options: {
      lang: { type: 'string', value: 'cli.arg.lang', help: 'cli.opt.summaryLang', choices: ['zh', 'en'] },
      format: { type: 'string', value: 'cli.arg.format', help: 'cli.opt.format', choices: ['md', 'html'] },
      out: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.summaryOut', path: 'out' },
    },
    load: () => import('./summary.ts'),
  },
  diff: {
    help: 'cli.cmd.diff',
    positionals: { value: 'cli.arg.file', min: 1, max: 2 },
    options: {
      from: { type: 'string', value: 'cli.arg.revision', help: 'cli.opt.diffFrom' },
      format: { type: 'string', value: 'cli.arg.format', help: 'cli.opt.diffFormat', choices: ['text', 'md', 'html'] },
      json: { type: 'boolean', help: 'cli.opt.diffJson' },
      out: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.summaryOut', path: 'out' },
      edges: { type: 'string', value: 'cli.arg.n', help: 'cli.opt.diffEdges' },
      population: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.diffPopulation', path: 'in' },
      date: { type: 'string', value: 'cli.arg.date', help: 'cli.opt.diffDate', onlyWith: { option: 'population' } },
      ledger: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.diffLedger', onlyWith: { option: 'population' }, path: 'in' },
    },
    load: () => import('./diff.ts'),
  },
  population: {
    help: 'cli.cmd.population',
    positionals: FILE,
    options: {
      n: { type: 'string', value: 'cli.arg.n', help: 'cli.opt.popN', required: true },
      seed: { type: 'string', value: 'cli.arg.n', help: 'cli.opt.popSeed' },
      subject: { type: 'string', value: 'cli.arg.subject', help: 'cli.opt.popSubject' },
      missing: { type: 'string', value: 'cli.arg.share', help: 'cli.opt.popMissing' },
      out: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.summaryOut', path: 'out' },
    },
    load: () => import('./population.ts'),
  },
  batch: {
    help: 'cli.cmd.batch',
    positionals: { value: 'cli.arg.file', min: 1, max: 1 },
    options: {
      subjects: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.subjects', required: true, path: 'in' },
      out: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.batchOut', required: true, path: 'out' },
      subject: { type: 'string', value: 'cli.arg.subject', help: 'cli.opt.batchSubject' },
      'subject-column': { type: 'string', value: 'cli.arg.column', help: 'cli.opt.subjectColumn' },
      id: { type: 'string', value: 'cli.arg.column', help: 'cli.opt.id' },
      ledger: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.batchLedger', path: 'in' },
      date: { type: 'string', value: 'cli.arg.date', help: 'cli.opt.date' },
      params: { type: 'string', value: 'cli.arg.json', help: 'cli.opt.params', path: 'in' },
      jobs: { type: 'string', value: 'cli.arg.n', help: 'cli.opt.jobs', onlyWith: JS_ENGINE },
      report: { type: 'string', value: 'cli.arg.path', help: 'cli.opt.report', onlyWith: JS_ENGINE, path: 'out' },
      resume: { type: 'boolean', help: 'cli.opt.resume', onlyWith: JS_ENGINE },
      quiet: { type: 'boolean', help: 'cli.opt.quiet' },
      json: { type: 'boolean', help: 'cli.opt.batchJson' },
      engine: { type: 'string', value: 'cli.arg.engine', help: 'cli.opt.engine', choices: ['js', 'duckdb', 'spark'], default: 'js' },
      master: { type: 'string', value: 'cli.arg.master', help: 'cli.opt.master', onlyWith: { option: 'engine', values: ['spark'] } },
    },
    load: () => import('./batch.ts'),
  },
  lsp: {
    help: 'cli.cmd.lsp',
    positionals: { value: 'cli.arg.file', min: 0, max: 0 },
    options: {
      stdio: { type: 'boolean', help: 'cli.opt.stdio' },
    },
    load: () => import('./lsp.ts'),
  },
  workbench: {
    help: 'cli.cmd.workbench',
    positionals: { value: 'cli.arg.file', min: 0, max: 1 },
    options: {
      port: { type: 'string', value: 'cli.arg.port', help: 'cli.opt.port' },
    },
    load: () => import('./workbench.ts'),
  },
  demo: {
    help: 'cli.cmd.demo',
    positionals: { value: 'cli.arg.file', min: 0, max: 0 },
    options: {},
    load: () => import('./demo.ts'),
  },
  help: {
    help: 'cli.cmd.help',
    positionals: { value: 'cli.arg.command', min: 0, max: 1 },
    options: {},
    load: () => import('./help.ts'),
  },
};

/** The options a command accepts: its own and the common ones. */
export function optionsOf(command: CommandDef): Record<string, OptionDef> {
  const all: Record<string, OptionDef> = { ...command.options };
  for (const [name, o] of Object.entries(COMMON_OPTIONS)) if (!Object.hasOwn(all, name)) all[name] = o;
  return all;
}
