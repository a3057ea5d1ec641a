// Runs the `policy` CLI in this process with stdout and stderr captured, for
// the hostile-input tests (spawning a process per command would cost minutes).
import { main } from '../../compiler/cli.ts';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `main(argv)` with stdout and stderr captured. Commands run one at a time (the capture is global). */
export async function runHere(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
  try {
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
