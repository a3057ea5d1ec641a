// Calendar arithmetic on ISO dates (yyyy-mm-dd), without time zones: a policy
// date is a civil date, so string comparison orders them.
//
// Rules for this file (every generated evaluator embeds it, compiler/emit/bundle.ts): no imports,
// no Node or DOM APIs, and it type-checks under the strictest flags a project may turn on.

export function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/** The first and last day of a month written `yyyy-mm` (`2020-07` → 2020-07-01, 2020-07-31): a month as a date bound. */
export function monthBounds(isoMonth: string): { first: string; last: string } {
  const days = daysInMonth(Number(isoMonth.slice(0, 4)), Number(isoMonth.slice(5, 7))) || 31;
  return { first: `${isoMonth}-01`, last: `${isoMonth}-${String(days).padStart(2, '0')}` };
}

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Accepts "2025-03-01" and "2025年3月1日"; returns ISO or undefined. */
export function normaliseDate(s: string): string | undefined {
  const m = /^(\d{4})(?:-|年)(\d{1,2})(?:-|月)(\d{1,2})日?$/.exec(s.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function addMonths(iso: string, months: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  // 2025-01-31 + 1 month = 2025-02-28: clamp to the month's end.
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

export function addDays(iso: string, days: number): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d) + days * 86400000);
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

export const yearOf = (iso: string): string => iso.slice(0, 4);

/**
 * The last day (inclusive) of a period of `months` that starts on `start`, the
 * start day counting: 2025-03-01 + 36 months ends 2028-02-29. When the final
 * month has no day corresponding to the start (2025-01-31 + 1 month), the
 * period ends on that month's last day (cf. 民法典 第202条).
 */
export function periodEnd(start: string, months: number): string {
  // addMonths(start, months), then the day before — unless the month is too short for the start day, when the
  // period ends on its last day. Computed on the numbers (the fast path of generated evaluators calls it often).
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  const day = Number(start.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = daysInMonth(ny, nm);
  if (day > last) return `${pad(ny, 4)}-${pad(nm)}-${pad(last)}`;
  if (day > 1) return `${pad(ny, 4)}-${pad(nm)}-${pad(day - 1)}`;
  const py = nm === 1 ? ny - 1 : ny;
  const pm = nm === 1 ? 12 : nm - 1;
  return `${pad(py, 4)}-${pad(pm)}-${pad(daysInMonth(py, pm))}`;
}
