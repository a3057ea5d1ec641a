// The CLI: a thin IO shell over compile()/evaluate(). Each command lives in
// compiler/cli/<name>.ts and exports `run(args: CliArgs): Promise<number>`
// (the exit code), so adding a command touches no shared file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { message } from './messages.ts';
import { parseArgs, type CliArgs } from './cli/common.ts';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args: CliArgs = parseArgs(rest);
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const { run } = await import('./cli/help.ts');
    return run(args);
  }
  if (!/^[a-z]+$/.test(command) || !existsSync(fileURLToPath(new URL(`./cli/${command}.ts`, import.meta.url)))) {
    process.stderr.write(message('cli.usage', args.lang) + '\n');
    return 2;
  }
  const mod = (await import(`./cli/${command}.ts`)) as { run: (a: CliArgs) => Promise<number> };
  try {
    return await mod.run(args);
  } catch (e) {
    process.stderr.write(`internal error: ${(e as Error).stack ?? e}\n`);
    return 70;
  }
}
