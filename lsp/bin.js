#!/usr/bin/env node
// `policy-lsp`: the policy language server on stdio. Sources are TypeScript,
// loaded through tsx, so no build step is needed. Accepts (and ignores)
// `--stdio`, the flag editors pass by convention.
import { register } from 'tsx/esm/api';

register();
const { startStdioServer } = await import('./stdio.ts');
startStdioServer();
