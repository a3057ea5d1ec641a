#!/usr/bin/env node
// `policy-lsp`: the policy language server on stdio — the same command as
// `policy lsp` (its options, e.g. --stdio and --help, come from the option
// table in compiler/cli/commands.ts), loaded from the compiled bundle.
import { setFlagsFromString } from 'node:v8';

// As compiler/bin.js: the same V8 flags, so both share the code cache.
setFlagsFromString('--interrupt-budget=1081344');

const { load } = await import('../compiler/load.js');
const { main } = await load('cli');
process.exitCode = await main(['lsp', ...process.argv.slice(2)]);
