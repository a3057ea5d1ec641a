// A tiny 政策计算器 back end that answers from a generated evaluator — no
// compiler, no policy file at run time, just the module `policy build` wrote.
//
//   node --import tsx examples/build.ts     # generate examples/generated/…
//   PORT=8080 node --import tsx examples/server.ts
//   curl -s localhost:8080/evaluate -d '{"subject":"企业","facts":{"已备案认定企业":true,"年度自主认定人次":70},"asOf":"2025-06-01"}'
//
// POST /evaluate {subject, facts, asOf?, ledger?, params?, lang?, trace?}
//   200 → the decision; 400 → {errors: [{field, code, message}]} for bad input.
// GET /policy → what the policy is; GET /schema → the JSON Schema of requests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import {
  evaluateJson,
  policy,
  validate,
  validateLedger,
  type InputError,
  type Lang,
  type PolicyDecision,
} from './generated/xiaoshan-xinxiaojiang-2025-3.ts';

type Answer = { status: 200; body: PolicyDecision } | { status: 400; body: { errors: Pick<InputError, 'field' | 'code' | 'message'>[] } };

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** One request in, one decision (or the list of what is wrong with the request) out. */
export function answer(request: unknown): Answer {
  if (typeof request !== 'object' || request === null) return { status: 400, body: { errors: [{ field: '', code: 'P3010', message: 'the request must be a JSON object' }] } };
  const r = request as Record<string, unknown>;
  const lang: Lang = r['lang'] === 'en' ? 'en' : 'zh';
  const facts = validate(String(r['subject'] ?? ''), r['facts'], lang);
  const ledger = validateLedger(r['ledger'], lang);
  const errors = [...(facts.ok ? [] : facts.errors), ...(ledger.ok ? [] : ledger.errors)];
  if (!facts.ok || !ledger.ok) return { status: 400, body: { errors: errors.map(({ field, code, message }) => ({ field, code, message })) } };
  const asOf = typeof r['asOf'] === 'string' ? r['asOf'] : today();
  try {
    const decision = evaluateJson(String(r['subject']), facts.facts, { asOf, ledger: ledger.ledger, params: r['params'], lang, trace: r['trace'] === true });
    return { status: 200, body: decision };
  } catch (e) {
    const errs = (e as { errors?: InputError[] }).errors;
    if (!errs) throw e;
    return { status: 400, body: { errors: errs.map(({ field, code, message }) => ({ field, code, message })) } };
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 2));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1_000_000) throw new Error('request too large');
  }
  return text;
}

export const server = createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/policy') return send(res, 200, policy);
    if (req.method === 'GET' && req.url === '/schema') {
      return send(res, 200, JSON.parse(readFileSync(new URL('./generated/xiaoshan-xinxiaojiang-2025-3.schema.json', import.meta.url), 'utf8')));
    }
    if (req.method !== 'POST' || req.url !== '/evaluate') return send(res, 404, { error: 'POST /evaluate, GET /policy or GET /schema' });
    let request: unknown;
    try {
      request = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { errors: [{ field: '', code: 'P3010', message: 'the body is not JSON' }] });
    }
    const { status, body } = answer(request);
    send(res, status, body);
  } catch (e) {
    send(res, 500, { error: String(e) });
  }
});

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  server.listen(Number(process.env['PORT'] ?? 8080), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
  });
}
