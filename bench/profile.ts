// Reading a V8 .cpuprofile: where the time under a function goes.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** ms of samples with `root` on the stack. */
  rootMs: number;
  /** ms in the garbage collector (V8 does not attribute it to a stack), over the whole profile. */
  gcMs: number;
  totalMs: number;
  /** Functions by time with them on the stack (inclusive), as a share of rootMs. */
  inclusive: { name: string; share: number }[];
  /** Functions by own time (self), as a share of rootMs. */
  self: { name: string; share: number }[];
  /** Every function's inclusive share, by `name (file)`. */
  all: Record<string, number>;
  /** Every function's self share, by `name (file)`. */
  allSelf: Record<string, number>;
}

const fileOf = (url: string) => url.split('/').pop()?.replace(/\?.*$/, '') ?? '';

/** Time under `root` (a function name, or `name@file` to tell apart functions of the same name), split by the functions below it. */
export function summarise(path: string, root: string, top = 12): ProfileSummary {
  const [rootName, rootFile] = root.split('@') as [string, string | undefined];
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ms = new Map<number, number>();
  p.samples.forEach((id, i) => ms.set(id, (ms.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} (${fileOf(n.callFrame.url) || 'native'})`;
  const inc = new Map<string, number>();
  const self = new Map<string, number>();
  let rootMs = 0;
  let gcMs = 0;
  let totalMs = 0;
  for (const [id, t] of ms) {
    totalMs += t;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(garbage collector)') gcMs += t;
    const stack: Node[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!);
    const at = stack.findIndex((n) => n.callFrame.functionName === rootName && (!rootFile || fileOf(n.callFrame.url) === rootFile));
    if (at < 0) continue;
    rootMs += t;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + t);
    const seen = new Set<string>();
    for (const n of stack.slice(0, at + 1)) {
      const k = name(n);
      if (seen.has(k)) continue;
      seen.add(k);
      inc.set(k, (inc.get(k) ?? 0) + t);
    }
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => ({ name: k, share: rootMs ? v / rootMs : 0 }));
  const all: Record<string, number> = {};
  for (const [k, v] of inc) all[k] = rootMs ? v / rootMs : 0;
  const allSelf: Record<string, number> = {};
  for (const [k, v] of self) allSelf[k] = rootMs ? v / rootMs : 0;
  return { rootMs, gcMs, totalMs, inclusive: rank(inc), self: rank(self), all, allSelf };
}
