// Profiles the language server (run.ts starts this): the real server under
// `node --cpu-prof`, a synthetic policy of N lines opened, then hovers and
// completions at the sites lsp-child.ts uses. The profile is written when the
// server exits.
import { pathToFileURL } from 'node:url';
import { BIN, spawnServer } from '../test/lsp/client.ts';
import { synthPolicyOfLines } from './synth.ts';

const { lines, dir, requests } = JSON.parse(process.argv[2] ?? '{}') as { lines: number; dir: string; requests: number };
const text = synthPolicyOfLines(lines);
const uri = pathToFileURL(`/tmp/bench-profile-${lines}.policy`).href;
const client = spawnServer([process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, BIN, '--stdio']);
await client.initialize({ locale: 'zh-CN', initializationOptions: { diagnosticsDelay: 0 } });
await client.open(uri, text, 1);
await client.diagnosticsFor(uri, 1, 300_000);
const sites: number[] = [];
for (let i = text.indexOf('条件：'); i !== -1; i = text.indexOf('条件：', i + 1)) sites.push(i);
const pos = (offset: number) => {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
};
for (let i = 0; i < requests; i++) {
  const at = sites[i % sites.length]!;
  await client.request('textDocument/hover', { textDocument: { uri }, position: pos(at + 4) });
  await client.request('textDocument/completion', { textDocument: { uri }, position: pos(at + 3) });
}
await client.shutdown();
process.stdout.write('{}\n');
