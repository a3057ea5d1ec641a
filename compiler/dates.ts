// Calendar arithmetic on ISO dates (yyyy-mm-dd), without time zones: a policy
// date is a civil date, so string comparison orders them.
import { daysInMonth } from './facts.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  // 2025-01-31 + 1 month = 2025-02-28: clamp to the month's end.
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

export function addDays(iso: string, days: number): string {
  const t = Date.UTC(...(iso.split('-').map(Number).map((v, i) => (i === 1 ? v - 1 : v)) as [number, number, number]));
  const dt = new Date(t + days * 86400000);
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
  const day = Number(start.slice(8, 10));
  const next = addMonths(start, months);
  return Number(next.slice(8, 10)) < day ? next : addDays(next, -1);
}
