// `policy lsp --stdio`: the language server (lsp/stdio.ts) on stdin/stdout.
// The promise settles only when the client closes the connection.
import type { CliArgs } from './common.ts';

export async function run(_args: CliArgs): Promise<number> {
  const { startStdioServer } = await import('../../lsp/stdio.ts');
  const server = startStdioServer();
  return new Promise<number>((resolve) => {
    server.connection.onExit(() => resolve(0));
  });
}
