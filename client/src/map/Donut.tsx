import { SIGHTING_CATEGORIES, type SightingCategory } from '../../../server/lists';
import { CATEGORY_COLOURS } from './palette';

interface Props {
  /** Sightings per category; categories absent or 0 draw nothing. */
  categories: Partial<Record<SightingCategory, number>>;
  /** Diameter, CSS pixels. */
  size: number;
  /** The figure in the hole, e.g. "1.2k". */
  label: string;
}

/**
 * A ring split by category, largest share first from twelve o'clock, with the
 * count in the middle. Decorative: the button around it carries the words.
 */
export function Donut({ categories, size, label }: Props) {
  const parts = SIGHTING_CATEGORIES.map((c) => [c, categories[c] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = parts.reduce((s, [, n]) => s + n, 0);
  const r = size / 2;
  const inner = r * 0.62;
  let angle = 0;
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true" focusable="false">
      {parts.length === 1 || total === 0 ? (
        <circle cx={r} cy={r} r={r} fill={parts[0] ? CATEGORY_COLOURS[parts[0][0]] : '#8a94a3'} />
      ) : (
        parts.map(([c, n]) => {
          const start = angle;
          angle += (n / total) * 2 * Math.PI;
          return <path key={c} d={sector(r, r, r, start, angle)} fill={CATEGORY_COLOURS[c]} />;
        })
      )}
      <circle cx={r} cy={r} r={inner} fill="#ffffff" stroke="rgba(0,0,0,0.25)" strokeWidth={0.75} />
      <text x={r} y={r} textAnchor="middle" dominantBaseline="central" fontSize={Math.max(10, inner * 0.75)} fontWeight={700} fill="#1b1f24">
        {label}
      </text>
    </svg>
  );
}

/** A pie slice from angle a0 to a1 (radians, clockwise from twelve o'clock). */
function sector(cx: number, cy: number, r: number, a0: number, a1: number): string {
  const x0 = cx + r * Math.sin(a0);
  const y0 = cy - r * Math.cos(a0);
  const x1 = cx + r * Math.sin(a1);
  const y1 = cy - r * Math.cos(a1);
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M${cx},${cy} L${x0.toFixed(2)},${y0.toFixed(2)} A${r},${r} 0 ${large} 1 ${x1.toFixed(2)},${y1.toFixed(2)} Z`;
}
