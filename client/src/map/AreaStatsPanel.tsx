import { SIGHTING_CATEGORIES } from '../../../server/lists';
import { CATEGORY_LABELS } from '../../../server/labels';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import { areaStats, polygonStats, type Count, type PeriodStats } from './api';
import type { AreaGeometry } from './geometry';
import { CATEGORY_COLOURS } from './palette';
import { useRemote } from '../useRemote';
import { WeekHourMatrix } from './WeekHourMatrix';

interface Props {
  target: { kind: 'area'; id: string } | { kind: 'polygon'; geometry: AreaGeometry };
  /** The filters' query parameters (no bbox); without dates the server takes the last 12 weeks. */
  params: Record<string, string>;
  /** "List these sightings": offered to roles that read every record. */
  onList?: ((d: { title: string; params: Record<string, string> }) => void) | undefined;
}

const figure = (c: Count) => (typeof c === 'number' ? formatCount(c) : c);
/** The last day of a period whose `to` is an exclusive instant. */
const lastDay = (iso: string) => formatDate(new Date(Date.parse(iso) - 1));
const span = (p: { from: string; to: string }) => `${formatDate(new Date(p.from))} to ${lastDay(p.to)}`;

/** Counts for a ward or a drawn polygon: the period, the one before, a year before, categories, weekday × hour. */
export function AreaStatsPanel({ target, params, onList }: Props) {
  const key = `${target.kind === 'area' ? `area:${target.id}` : `polygon:${JSON.stringify(target.geometry.coordinates)}`}?${new URLSearchParams(params)}`;
  const r = useRemote<PeriodStats>(
    key,
    (signal) => (target.kind === 'area' ? areaStats(target.id, params, signal) : polygonStats(target.geometry, params, signal))
  );
  if (r.error) return <ErrorMessage error={r.error} onRetry={r.retry} />;
  if (!r.data || r.dataKey !== key) return <p className="loading" role="status">Counting the sightings in this area…</p>;
  const s = r.data;
  const cats = SIGHTING_CATEGORIES.filter((c) => s.byCategory[c] !== undefined && s.byCategory[c] !== 0);
  const catMax = Math.max(1, ...cats.map((c) => (typeof s.byCategory[c] === 'number' ? (s.byCategory[c] as number) : 0)));
  return (
    <div className="area-stats" data-testid="area-stats">
      <p className="area-stats__period">{span(s.period)}</p>
      <p className="area-stats__count">
        <span className="area-stats__figure">{figure(s.count)}</span> sightings
      </p>
      <p className="area-stats__change">{describeChange(s)}</p>
      {onList && (
        <button type="button" className="button list-offer" onClick={() => onList(listOf(target, params, s.period))}>
          List these sightings
        </button>
      )}
      <dl className="record__fields">
        <div>
          <dt>Previous period ({span(s.previous)})</dt>
          <dd>{figure(s.previous.count)}</dd>
        </div>
        <div>
          <dt>Same period last year ({span(s.lastYear)})</dt>
          <dd>{figure(s.lastYear.count)}</dd>
        </div>
      </dl>
      {cats.length > 0 && (
        <>
          <h3>By category</h3>
          <ul className="bars">
            {cats.map((c) => {
              const n = s.byCategory[c]!;
              return (
                <li key={c}>
                  <span className="bars__label">{CATEGORY_LABELS[c]}</span>
                  <span className="bars__bar" style={{ width: `${(100 * (typeof n === 'number' ? n : 2)) / catMax}%`, background: CATEGORY_COLOURS[c] }} aria-hidden="true" />
                  <span className="bars__value">{figure(n)}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <WeekHourMatrix matrix={s.matrix} caption="By weekday and hour of day" />
      {s.restricted && <p className="field__hint">Counts below 5 are shown as “&lt;5”.</p>}
    </div>
  );
}

/** The area's sightings in the period its figures are for (the server's default when the map sets none). */
function listOf(target: Props['target'], params: Record<string, string>, period: { from: string; to: string }) {
  const { bbox: _bbox, areaId: _areaId, ...filters } = params;
  const where: Record<string, string> = target.kind === 'area' ? { areaId: target.id } : { within: JSON.stringify(target.geometry) };
  return {
    title: target.kind === 'area' ? 'Sightings in this area' : 'Sightings in the drawn area',
    params: { ...filters, from: filters.from ?? period.from, to: filters.to ?? period.to, ...where },
  };
}

function describeChange(s: PeriodStats): string {
  if (s.changePct === null) return 'The change on the previous period cannot be given (too few sightings to compare).';
  if (s.changePct === 0) return 'No change on the previous period.';
  return `${s.changePct > 0 ? 'Up' : 'Down'} ${Math.abs(s.changePct).toLocaleString('en-GB')}% on the previous period.`;
}
