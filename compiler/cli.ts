// The CLI: a thin IO shell over compile()/evaluate(). The commands and their
// options are declared in compiler/cli/commands.ts (the option table); each
// command lives in compiler/cli/<name>.ts and exports
// `run(args: CliArgs): Promise<number>` (the exit code).
//
// Exit codes: 0 done; 1 the policy has errors / an example failed / a file
// is not formatted; 2 the command line or the input was not understood
// (always with a message saying why); 70 an internal error (a message, and
// the stack only when POLICY_DEBUG is set).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { message } from './messages.ts';
import { closest } from './check.ts';
import { COMMANDS } from './cli/commands.ts';
import { commandHelp, generalHelp, guessLang, parseCommand, shortUsage, usageLine, clip } from './cli/args.ts';
import { CliError, ioReason } from './cli/common.ts';

// The front end `policy build` runs, as the bundle holds it: bench/build-child.ts measures check + build through
// these (compiler/load.js loads this module from the bundle), so the figure is the command's own code.
export { compile } from './index.ts';
export { emitTypeScript } from './emit/index.ts';

/**
 * A reader that goes away (`policy build … | head -1`) closes our stdout: the
 * rest of the output is dropped quietly, as a Unix filter does, instead of
 * dying on EPIPE — and the command still finishes its work (every file is
 * still built) and exits with its own status.
 */
let pipeGuard = false;
function endQuietlyOnClosedPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      stream.write = (() => true) as typeof stream.write;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const lang = guessLang(argv);
  const [command, ...rest] = argv;
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : s + '\n');
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(generalHelp(lang));
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    const guess = closest(command, Object.keys(COMMANDS));
    const hint = guess ? message('cli.didYouMean', lang, { name: guess }) : '';
    err(message(command.startsWith('-') ? 'cli.optionBeforeCommand' : 'cli.unknownCommand', lang, { command: clip(command), hint }));
    err(shortUsage(lang));
    return 2;
  }
  const def = COMMANDS[command]!;
  const parsed = parseCommand(command, def, rest, lang);
  if (!parsed.ok) {
    err(parsed.error);
    err(message('cli.usagePrefix', lang, { usage: usageLine(command, def, lang) }));
    err(message('cli.commandHelp', lang, { command }));
    return 2;
  }
  const args = parsed.args;
  if (args.flags.get('help') === true) {
    process.stdout.write(commandHelp(command, def, args.lang));
    return 0;
  }
  try {
    const mod = await def.load();
    return await mod.run(args);
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return e.status;
    }
    // The reader of stdout went away while a command waited to write more (`policy population … | head`): end quietly.
    const io = e as NodeJS.ErrnoException;
    if (io?.code === 'EPIPE') return 0;
    // A file or folder the user named cannot be written or read (`--out` under a file, on a read-only disk …).
    if (typeof io?.code === 'string' && typeof io.path === 'string' && typeof io.syscall === 'string') {
      const reading = ['read', 'scandir', 'stat', 'lstat', 'readlink', 'access'].includes(io.syscall) || (io.syscall === 'open' && io.code === 'ENOENT');
      const text = message(reading ? 'cli.cannotRead' : 'cli.cannotWrite', args.lang, { file: clip(io.path, 300), reason: ioReason(io, args.lang) });
      // Named by the option whose path it is (`--out: cannot write …`).
      const [option] = [...args.flags].find(([, v]) => typeof v === 'string' && v !== '' && (io.path!.startsWith(v) || v.startsWith(io.path!))) ?? [];
      err(option ? `--${option}: ${text}` : text);
      return 2;
    }
    err(message('cli.internalError', args.lang, { error: clip(String((e as Error)?.message ?? e), 500) }));
    if (process.env['POLICY_DEBUG']) err(String((e as Error)?.stack ?? e));
    return 70;
  }
}

// Run as a script (`npx tsx compiler/cli.ts check FILE`): the same as `policy`.
// Imported (compiler/bin.js, the bundle, the tests), it does nothing by itself.
if (typeof import.meta.url === 'string' && process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
