#!/usr/bin/env node
// The `policy` command: the compiled bundle (compiler/load.js builds it at
// install and again whenever a source changed), or the TypeScript sources
// through tsx if it cannot be built.
import { load } from './load.js';

const { main } = await load('cli');
process.exitCode = await main(process.argv.slice(2));
