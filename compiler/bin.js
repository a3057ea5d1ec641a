#!/usr/bin/env node
// The `policy` command: the compiled bundle (compiler/load.js builds it at
// install and again whenever a source changed), or the TypeScript sources
// through tsx if it cannot be built.
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';

// `policy build` allocates a great deal of short-lived memory (check, lower,
// emit of a large policy): with Node's default young generation (16 MiB
// semi-spaces) about a fifth to a third of its CPU goes to minor collections.
// A 64 MiB semi-space makes them fewer (0.85x the CPU for 10,000 benefits,
// bench/frontend.ts). The flag only takes effect at start-up (not through
// setFlagsFromString), so `build` runs in a child node started with it; the
// child is marked so it never starts another. Other commands and the language
// server start as before.
const BUILD_CHILD = 'POLICY_BUILD_CHILD';
if (process.argv[2] === 'build' && !process.env[BUILD_CHILD]) {
  const child = spawn(process.execPath, [...process.execArgv, '--max-semi-space-size=64', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [BUILD_CHILD]: '1' },
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
  const code = await new Promise((resolve) => {
    child.once('error', (e) => {
      process.stderr.write(`policy build: ${e.message}\n`);
      resolve(70);
    });
    child.once('exit', (exitCode, signal) => {
      if (signal) {
        // End the way the child ended: killed by the same signal.
        for (const s of ['SIGINT', 'SIGTERM']) process.off(s, forward);
        process.kill(process.pid, signal);
        resolve(128);
      } else resolve(exitCode ?? 1);
    });
  });
  process.exit(code);
}

// A command is over in a fraction of a second: V8's optimizing compiler would
// spend a core compiling the lexer and parser just before the process exits
// (~20% of a `policy check`'s CPU). A larger budget before optimizing leaves
// that to runs long enough to gain from it (a big policy, a batch, the
// language server); set before any of our code is compiled, so the code cache
// (compiler/load.js) is made and used under the same flags.
setFlagsFromString('--interrupt-budget=1081344');

const { load } = await import('./load.js');
const { main } = await load('cli');
process.exitCode = await main(process.argv.slice(2));
