// policy help — the commands, in the user's language.
import type { CliArgs } from './common.ts';
import { message } from '../messages.ts';

export async function run(args: CliArgs): Promise<number> {
  process.stdout.write(message('cli.help', args.lang));
  return 0;
}
