/** How the disruption pages write counts, changes and dates (labels of the vocabularies are in server/lists.ts). */
import type { Count } from './api';

/** "12", "<5", or "–" before any action was logged. */
export const countText = (c: Count | null): string => (c === null ? '–' : String(c));

/** "−38 %", "+12 %", "0 %", or "–" when unknown or withheld. */
export function pctText(x: number | null): string {
  if (x === null) return '–';
  const r = Math.round(x);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)} %`;
}

/** Today in the browser's calendar, YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "The rest of Halliwell" from "the rest of Halliwell". */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
