// `policy workbench [FILE] [--port N]`: builds the browser workbench
// (workbench/build.ts, esbuild) and serves it on localhost; FILE, when given,
// is opened in the page. Serving runs until the process is stopped.
import { message } from '../messages.ts';
import { CliError, flag, type CliArgs } from './common.ts';

export async function run(args: CliArgs): Promise<number> {
  const raw = flag(args, 'port');
  const port = raw === undefined ? undefined : Number(raw);
  if (port !== undefined && !(raw!.trim() !== '' && Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new CliError(message('workbench.cli.badPort', args.lang, { found: raw! }), 2);
  }
  const { runWorkbench } = await import('../../workbench/build.ts');
  return runWorkbench({ serve: true, lang: args.lang, ...(port !== undefined && { port }), ...(args.positional[0] && { file: args.positional[0] }) });
}
