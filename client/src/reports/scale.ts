import { shown, type Published } from '../../../server/disclosure/secondary.js';

/** Five classes, light to dark, for cells and the weekday × time grid. */
export const REPORT_RAMP = ['#fde2c8', '#f8b37a', '#ef7d3c', '#d24a12', '#8f2a06'] as const;

/**
 * Lower bounds of up to five classes for the counts shown, from the smallest shown
 * (5 under disclosure control) to the largest, in quadratic whole steps, strictly rising.
 * @example reportBreaks([1, 10, 100]) // [1, 5, 17, 37, 65]
 */
export function reportBreaks(counts: readonly Published[]): number[] {
  const positive = counts.filter(shown).filter((n) => n > 0);
  const lo = Math.min(...positive, Infinity);
  if (lo === Infinity) return [1];
  const hi = Math.max(...positive);
  const classes = Math.min(REPORT_RAMP.length, hi - lo + 1);
  const out: number[] = [];
  // Quadratic steps: a few very busy cells should not wash every other class out.
  for (let i = 0; i < classes; i++) out.push(Math.max(i ? out[i - 1]! + 1 : lo, lo + Math.round((hi - lo + 1) * (i / classes) ** 2)));
  return out;
}

/**
 * The colours of `k` classes, spread over the ramp so that few classes still contrast
 * (one class is drawn dark, not the palest tint).
 * @example rampFor(2) // [REPORT_RAMP[1], REPORT_RAMP[3]]
 */
export function rampFor(k: number): string[] {
  if (k <= 1) return [REPORT_RAMP[3]];
  if (k === 2) return [REPORT_RAMP[1], REPORT_RAMP[3]];
  return Array.from({ length: k }, (_, i) => REPORT_RAMP[Math.round((i * (REPORT_RAMP.length - 1)) / (k - 1))]!);
}

/** The ramp colour of a count shown (null for 0 or hidden). */
export function rampColour(n: Published, breaks: readonly number[]): string | null {
  if (!shown(n) || n <= 0) return null;
  let k = 0;
  breaks.forEach((b, i) => {
    if (n >= b) k = i;
  });
  return rampFor(breaks.length)[k]!;
}

/** The report's text colour (reports.css `--ink`). */
export const INK = '#1d2733';
export const WHITE = '#ffffff';

/** WCAG 2 relative luminance of a `#rrggbb` colour, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a count on a shaded cell: white on the dark classes, the report's
 * ink on the light ones, whichever contrasts more with the background.
 * @example inkOn(REPORT_RAMP[4]) // "#ffffff"
 */
export function inkOn(background: string): string {
  return contrast(WHITE, background) > contrast(INK, background) ? WHITE : INK;
}
