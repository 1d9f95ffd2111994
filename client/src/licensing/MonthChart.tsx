import type { Published } from '../../../server/disclosure/secondary';

interface Props {
  /** Counts through the disclosure gate: a hidden one ("<5", "[c]") draws as a stub and reads as it is. */
  byMonth: { month: string; count: Published }[];
  caption: string;
}

const W = 640;
const H = 150;
const PAD = { left: 36, right: 8, top: 10, bottom: 28 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Every month from the first to the last key ("YYYY-MM"), so empty months show as gaps. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** Sightings per month as bars (an SVG, so it prints sharp). */
export function MonthChart({ byMonth, caption }: Props) {
  if (!byMonth.length) return <p className="lic-hint">No sightings in the period.</p>;
  const counts = new Map(byMonth.map((b) => [b.month, b.count]));
  const months = monthRange(byMonth[0]!.month, byMonth.at(-1)!.month);
  const max = Math.max(1, ...byMonth.map((b) => (typeof b.count === 'number' ? b.count : 0)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const bw = innerW / months.length;
  return (
    <figure className="lic-chart" data-testid="month-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={caption}>
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} className="lic-chart__axis" />
        <text x={PAD.left - 6} y={PAD.top + 8} textAnchor="end" className="lic-chart__tick">{max}</text>
        <text x={PAD.left - 6} y={PAD.top + innerH} textAnchor="end" className="lic-chart__tick">0</text>
        {months.map((m, i) => {
          const n = counts.get(m) ?? 0;
          const h = ((typeof n === 'number' ? n : 2) / max) * innerH;
          const [y, mm] = m.split('-');
          return (
            <g key={m}>
              <rect x={PAD.left + i * bw + 1} y={PAD.top + innerH - h} width={Math.max(1, bw - 2)} height={h} className="lic-chart__bar">
                <title>{`${MONTHS[Number(mm) - 1]} ${y}: ${n}`}</title>
              </rect>
              {(months.length <= 12 || i % Math.ceil(months.length / 12) === 0) && (
                <text x={PAD.left + i * bw + bw / 2} y={H - 12} textAnchor="middle" className="lic-chart__tick">
                  {MONTHS[Number(mm) - 1]}
                </text>
              )}
              {(i === 0 || mm === '01') && (
                <text x={PAD.left + i * bw + bw / 2} y={H - 1} textAnchor="middle" className="lic-chart__tick">{y}</text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
