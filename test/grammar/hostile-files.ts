// Generated hostile policy files (issue #17, "How it will be judged"): depth,
// width, length and encodings. Each family is a function of a size, so `npm
// test` runs them small and `npm run test:deep` at the sizes of the attack
// campaign (1,000 nested parentheses, 5,000-term chains, a 1.2 MB line …).
// The tours that run them through every command and the language server are
// test/compiler/hostile-tour.test.ts and test/lsp/hostile-tour.test.ts.

export interface HostileFile {
  name: string;
  /** The text (what the language server is sent; for `bytes` files, how Node decodes them as UTF-8). */
  text: string;
  /** Raw bytes when the file is not valid UTF-8 (what the CLI reads from disk). */
  bytes?: Uint8Array;
}

const HEAD = `政策 { 标题：“测试”；文号：“测〔2025〕1号”；施行日期：2025年1月1日；有效期：3年； }
资金 基金 “基金”；
等级 技能等级 “技能等级”：初级工 < 中级工 < 高级工；
对象 单位 “单位” { 人数：人 “人数”；在我区：是否 “在我区”；职称：技能等级 “职称”；缴费额：元 “缴费额”； }
`;

const benefit = (o: { name?: string; amount?: string; cond?: string; extra?: string } = {}) =>
  `待遇 ${o.name ?? '补贴'} “补贴” {\n  条款：“一”；\n  对象：单位；\n  资金：基金；\n  条件：${o.cond ?? '在我区'}；\n  金额：${o.amount ?? '100元'}；\n${o.extra ?? ''}}\n`;

const policy = (o: Parameters<typeof benefit>[0] = {}) => HEAD + benefit(o);

/** A small deterministic generator (xorshift), so the random files are the same every run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** 12 → 一二: distinct names without ASCII digits (which may not follow Chinese letters in a name). */
const cn = (n: number): string => String(n).replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);

const utf8 = (s: string) => new TextEncoder().encode(s);
const decoded = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);

/** The files at a scale: `depth` nesting levels, `width` repetitions, `length` characters. */
export function hostileFiles(scale: { depth: number; width: number; length: number }): HostileFile[] {
  const { depth: d, width: w, length: n } = scale;
  const files: HostileFile[] = [];
  const add = (name: string, text: string) => files.push({ name, text });
  const addBytes = (name: string, bytes: Uint8Array) => files.push({ name, text: decoded(bytes), bytes });

  // ---- depth ----
  add('depth: parentheses in an amount', policy({ amount: '('.repeat(d) + '100元' + ')'.repeat(d) }));
  add('depth: unclosed parentheses', policy({ amount: '('.repeat(d) + '100元' }));
  add('depth: closing parentheses only', policy({ amount: '100元' + ')'.repeat(d) }));
  add('depth: 非 chain', policy({ cond: '非 '.repeat(d) + '在我区' }));
  add('depth: unary minus', policy({ amount: '-'.repeat(d) + '100元' }));
  add('depth: nested 若 … 则 … 否则', policy({ amount: '若 在我区 则 ('.repeat(d) + '100元' + ' 否则 0元)'.repeat(d) }));
  add('depth: nested braces', HEAD + '待遇 补贴 “补贴” ' + '{'.repeat(d) + '}'.repeat(d) + '\n');
  add('depth: unbalanced braces', HEAD + '待遇 补贴 “补贴” ' + '{ 条件：'.repeat(d));
  add('depth: nested quotes', HEAD.replace('“测试”', '“'.repeat(d) + '测试' + '”'.repeat(d)));
  add('depth: parentheses in a comparison', policy({ cond: '('.repeat(d) + '人数 满 10人' + ')'.repeat(d) }));

  // ---- width ----
  add('width: long sum', policy({ amount: Array(w).fill('1元').join(' + ') }));
  add('width: long product', policy({ amount: '1元' + ' × 1'.repeat(w) }));
  add('width: long 且 chain', policy({ cond: Array(w).fill('在我区').join(' 且 ') }));
  add('width: long 或 chain', policy({ cond: Array(w).fill('人数 满 10人').join(' 或 ') }));
  add('width: many conditions', policy({ extra: '  条件：在我区；\n'.repeat(w) }));
  add('width: many benefits', HEAD + Array.from({ length: w }, (_, i) => benefit({ name: `补贴${cn(i)}` })).join(''));
  add('width: duplicate names', HEAD + '资金 基金 “基金”；\n'.repeat(w) + benefit());
  add('width: many subjects listed', policy({ extra: '  对象：' + Array(w).fill('单位').join('、') + '；\n' }));
  add('width: many examples', policy({ extra: '  示例 “甲” { 在我区：是；期望：100元； }\n'.repeat(w) }));
  add('width: many facts', HEAD.replace('缴费额：元 “缴费额”；', Array.from({ length: w }, (_, i) => `事实${cn(i)}：元；`).join('')) + benefit());
  add('width: many errors', HEAD + '待遇 { ；}\n'.repeat(w));
  add('width: many commas', policy({ cond: '在我区' + '，'.repeat(w) }));

  // ---- length ----
  const filler = Math.max(1, Math.floor(n / 460));
  add('length: one long line of duplicates', (HEAD + Array(filler).fill(`资金 甲 “${'x'.repeat(440)}”；`).join(' ') + benefit()).replace(/\n/g, ' '));
  add('length: long identifier', policy({ cond: '甲'.repeat(n) }));
  add('length: long string', HEAD.replace('“测试”', '“' + '测'.repeat(n) + '”') + benefit());
  add('length: long number', policy({ amount: '9'.repeat(Math.min(n, 100_000)) + '元' }));
  add('length: long decimal', policy({ amount: '1.' + '3'.repeat(Math.min(n, 100_000)) + '元' }));
  add('length: long line comment', policy() + '// ' + 'x'.repeat(n) + '\n');
  add('length: unterminated block comment', policy() + '/* ' + 'x'.repeat(n));
  add('length: unterminated string', HEAD + '待遇 补贴 “' + '补'.repeat(n));
  add('length: many empty lines', HEAD + '\n'.repeat(n) + benefit());
  add('length: long whitespace runs', policy({ cond: '在我区' + ' '.repeat(n) }));

  // ---- encodings ----
  add('encoding: byte-order mark at the start', '\ufeff' + policy());
  add('encoding: byte-order mark inside a name', policy({ cond: '在我\ufeff区' }));
  add('encoding: lone surrogates', policy({ cond: '在我区\ud800', extra: '  // \udc00\n' }).replace('“补贴”', '“补\ud83d贴”'));
  add('encoding: NUL characters', policy().replace(/；/g, '\u0000；'));
  add('encoding: control characters', policy({ cond: '在我区\u0001\u0002\u001b[31m' }));
  add('encoding: lone CR line breaks', policy().replace(/\n/g, '\r'));
  add('encoding: CRLF', policy().replace(/\n/g, '\r\n'));
  add('encoding: U+2028 and U+2029 line breaks', policy().replace(/\n/g, (m, i: number) => (i % 2 ? '\u2028' : '\u2029')));
  add('encoding: zero-width characters inside keywords', policy().replace(/条件/g, '条\u200b件').replace(/金额/g, '金\u200d额'));
  add('encoding: right-to-left override', policy({ cond: '\u202e在我区\u202c' }));
  add('encoding: full-width everything', policy({ amount: '１００元', cond: '人数 满 １０人' }));
  add('encoding: astral names', HEAD.replace(/单位/g, '𠀀𠀁') + benefit().replace(/单位/g, '𠀀𠀁'));
  add('encoding: emoji', policy({ cond: '在我区😀', amount: '100😀元' }));
  addBytes('encoding: invalid UTF-8 bytes', new Uint8Array([...utf8(HEAD), 0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, ...utf8(benefit())]));
  addBytes('encoding: UTF-16LE with a byte-order mark', (() => {
    const s = policy();
    const b = new Uint8Array(2 + s.length * 2);
    b[0] = 0xff;
    b[1] = 0xfe;
    for (let i = 0; i < s.length; i++) {
      b[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      b[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    return b;
  })());
  const r = rng(17);
  addBytes('encoding: random bytes', Uint8Array.from({ length: Math.min(n, 20_000) }, () => Math.floor(r() * 256)));
  const pieces = ['待遇', '对象', '{', '}', '（', '）', '：', '；', '“', '”', '条件', '金额', '100元', '在我区', '且', '或', '非', '若', '则', '否则', '\n', ' ', '//', '/*', '*/', '示例', '期望', '+', '×', '÷', '%', '按', '分档', '最高'];
  add('encoding: random policy pieces', HEAD + Array.from({ length: Math.min(n, 5000) }, () => pieces[Math.floor(r() * pieces.length)]!).join(''));
  return files;
}

/** npm run test:deep (FUZZ_RUNS set): the sizes of the attack campaign, every command. npm test: every family small. */
export const DEEP = process.env['FUZZ_RUNS'] !== undefined;
export const HOSTILE_SCALE = DEEP ? { depth: 1000, width: 5000, length: 1_200_000 } : { depth: 60, width: 40, length: 3000 };
