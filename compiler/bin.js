#!/usr/bin/env node
// The `policy` command: the compiled bundle (compiler/load.js builds it at
// install and again whenever a source changed), or the TypeScript sources
// through tsx if it cannot be built.
import { setFlagsFromString } from 'node:v8';

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
