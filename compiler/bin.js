#!/usr/bin/env node
// The `policy` command. Sources are TypeScript, run through tsx's loader so a
// fresh `npm install` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
