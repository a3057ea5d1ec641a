// policy help [COMMAND] — generated from the option table (commands.ts).
import type { CliArgs } from './common.ts';
import { CliError } from './common.ts';
import { COMMANDS } from './commands.ts';
import { commandHelp, generalHelp, clip } from './args.ts';
import { message } from '../messages.ts';

export async function run(args: CliArgs): Promise<number> {
  const name = args.positional[0];
  if (name === undefined) process.stdout.write(generalHelp(args.lang));
  else if (Object.hasOwn(COMMANDS, name)) process.stdout.write(commandHelp(name, COMMANDS[name]!, args.lang));
  else throw new CliError(message('cli.unknownCommand', args.lang, { command: clip(name), hint: '' }));
  return 0;
}
