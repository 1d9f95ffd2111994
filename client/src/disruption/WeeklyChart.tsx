import type { Count, WeekRow } from './api';
import { capitalise } from './words';

interface Props {
  weekly: WeekRow[];
  /** e.g. "the rest of Halliwell" */
  controlLabel: string | null;
}

const W = 640;
const PANEL_H = 110;
const PAD = { left: 44, right: 12, top: 18, bottom: 22 };

/** "<5" is drawn as a hatched bar of 2.5: somewhere between 1 and 4, and marked so. */
const heightOf = (c: Count | null) => (c === null ? 0 : c === '<5' ? 2.5 : c);

/**
 * Weekly sightings before and after the first action, target above and comparison
 * area below (each on its own scale: the comparison area is much bigger), with the
 * mean of each window drawn across it. Counts come already disclosure-controlled.
 */
export function WeeklyChart({ weekly, controlLabel }: Props) {
  const series: { key: 'target' | 'control' | 'ring'; label: string }[] = [
    { key: 'target', label: 'Target' },
    ...(controlLabel && weekly.some((w) => w.control !== null) ? [{ key: 'control' as const, label: capitalise(controlLabel) }] : []),
    { key: 'ring', label: 'Ring (250–500 m)' },
  ];
  const H = series.length * (PANEL_H + PAD.top + PAD.bottom);
  const n = weekly.length;
  const innerW = W - PAD.left - PAD.right;
  const bw = innerW / Math.max(1, n);
  const zero = weekly.findIndex((w) => w.week === 0);

  return (
    <figure className="dis-chart" data-testid="disruption-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Sightings per week in the target${controlLabel ? ` and in ${controlLabel}` : ''}, before and after the first action`}>
        <defs>
          <pattern id="dis-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="2" height="4" fill="#9aa5b1" />
          </pattern>
        </defs>
        {series.map((s, i) => {
          const top = i * (PANEL_H + PAD.top + PAD.bottom) + PAD.top;
          const values = weekly.map((w) => w[s.key]);
          const max = Math.max(5, ...values.map(heightOf));
          const y = (v: number) => top + PANEL_H - (v / max) * PANEL_H;
          const means = [weekly.slice(0, zero), weekly.slice(zero)].map((part) => {
            const known = part.map((w) => w[s.key]).filter((v): v is number => typeof v === 'number');
            return known.length === part.length && part.length ? known.reduce((a, b) => a + b, 0) / part.length : null;
          });
          return (
            <g key={s.key} className={`dis-chart__panel dis-chart__panel--${s.key}`}>
              <text x={PAD.left} y={top - 5} className="dis-chart__title">
                {s.label}
              </text>
              <line x1={PAD.left} x2={W - PAD.right} y1={top + PANEL_H} y2={top + PANEL_H} className="dis-chart__axis" />
              <text x={PAD.left - 6} y={top + 4} textAnchor="end" className="dis-chart__tick">
                {Math.round(max)}
              </text>
              <text x={PAD.left - 6} y={top + PANEL_H} textAnchor="end" className="dis-chart__tick">
                0
              </text>
              {values.map((v, k) => (
                <rect
                  key={k}
                  x={PAD.left + k * bw + 1}
                  width={Math.max(1, bw - 2)}
                  y={y(heightOf(v))}
                  height={top + PANEL_H - y(heightOf(v))}
                  className={`dis-chart__bar${weekly[k]!.week < 0 ? ' dis-chart__bar--before' : ''}${v === '<5' ? ' dis-chart__bar--suppressed' : ''}`}
                >
                  <title>{`Week ${weekly[k]!.week} (from ${weekly[k]!.from.slice(0, 10)}): ${v ?? '–'}`}</title>
                </rect>
              ))}
              {means.map((m, part) =>
                m === null ? null : (
                  <line
                    key={part}
                    x1={PAD.left + (part === 0 ? 0 : zero) * bw}
                    x2={PAD.left + (part === 0 ? zero : n) * bw}
                    y1={y(m)}
                    y2={y(m)}
                    className="dis-chart__mean"
                  />
                ),
              )}
              {zero >= 0 && <line x1={PAD.left + zero * bw} x2={PAD.left + zero * bw} y1={top - 2} y2={top + PANEL_H} className="dis-chart__start" />}
              {i === series.length - 1 && zero >= 0 && (
                <text x={PAD.left + zero * bw} y={top + PANEL_H + 16} textAnchor="middle" className="dis-chart__tick">
                  first action
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        Sightings per week, {weekly.filter((w) => w.week < 0).length} weeks before and {weekly.filter((w) => w.week >= 0).length} after the first action; the lines are each
        window's weekly mean. Hatched bars are counts under 5, not disclosed.
      </figcaption>
    </figure>
  );
}
