import { WEEKDAYS } from '../../../server/lists';
import { WEEKDAY_LABELS, WEEKDAY_SHORT } from '../../../server/labels';
import type { Count } from './api';

interface Props {
  /** 7 × 24: rows Monday…Sunday, columns hour 0…23. */
  matrix: Count[][];
  caption: string;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** When sightings happen: weekday by hour of day, darker for more. */
export function WeekHourMatrix({ matrix, caption }: Props) {
  const max = Math.max(1, ...matrix.flat().map((c) => (typeof c === 'number' ? c : 0)));
  return (
    <div className="matrix-wrap">
      <table className="matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col" abbr={`${String(h).padStart(2, '0')}:00`}>
                {h % 3 === 0 ? String(h).padStart(2, '0') : <span className="visually-hidden">{String(h).padStart(2, '0')}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((d, i) => (
            <tr key={d}>
              <th scope="row" abbr={WEEKDAY_LABELS[d]}>
                {WEEKDAY_SHORT[d]}
              </th>
              {HOURS.map((h) => {
                const c = matrix[i]?.[h] ?? 0;
                const share = typeof c === 'number' ? c / max : 0.08;
                return (
                  <td
                    key={h}
                    className={share > 0.55 ? 'matrix__cell matrix__cell--dark' : 'matrix__cell'}
                    style={{ background: c === 0 ? undefined : `rgba(29, 43, 58, ${(0.08 + 0.92 * share).toFixed(2)})` }}
                    title={`${WEEKDAY_LABELS[d]} ${String(h).padStart(2, '0')}:00: ${c}`}
                  >
                    {c === 0 ? '' : c}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
