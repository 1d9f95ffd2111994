import { useMemo, useState } from 'react';
import { HANDLING_CODE_LABELS, INTEL_ASSESSMENT_LABELS, SOURCE_EVALUATION_LABELS } from '../../../server/lists';
import { CATEGORY_LABELS } from '../../../server/labels';
import type { Wire } from '../../../server/http/wire';
import type { SightingCollection } from '../../../server/sightings/schema';
import { getJson } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { describeCount, DEFAULT_SORT, exportHref, grading, LIST_LIMIT, nextSort, sortRows, type ListedSighting, type Sort, type SortKey } from './listRows';
import { useRemote } from '../useRemote';
import './SightingList.css';

type Page = Wire<SightingCollection>;

interface Props {
  /** The query that selects the sightings (a cell, cluster or area, and the map's filters). */
  params: Record<string, string>;
  onOpenRecord: (id: string) => void;
  /** The row pointed at or focused, to ring its point on the map; null when none. */
  onHighlight: (at: [number, number] | null) => void;
}

const COLUMNS: [SortKey, string][] = [
  ['time', 'Time'],
  ['category', 'Category'],
  ['grading', 'Grading'],
  ['premises', 'Premises'],
  ['vehicle', 'Vehicle'],
];

/**
 * "List these sightings": a sortable table of the picked sightings beside the map.
 * A row opens the record; pointing at or focusing it rings its point on the map.
 * Exports take the same query, every row of it, each an audited disclosure.
 */
export function SightingList({ params, onOpenRecord, onHighlight }: Props) {
  const query = useMemo(() => ({ ...params, limit: String(LIST_LIMIT) }), [params]);
  const key = `list?${new URLSearchParams(query)}`;
  const r = useRemote<Page>(key, (signal) => getJson<Page>('/api/sightings', query, signal));
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const rows = useMemo<ListedSighting[]>(
    () => sortRows((r.data?.features ?? []).map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }) as ListedSighting), sort),
    [r.data, sort],
  );
  if (r.error) return <ErrorMessage error={r.error} onRetry={r.retry} />;
  if (!r.data || r.dataKey !== key) return <p className="loading" role="status">Listing the sightings…</p>;
  const page = r.data;
  const point = (s: ListedSighting) => () => onHighlight([s.lon, s.lat]);
  return (
    <div className="sighting-list" data-testid="sighting-list" onMouseLeave={() => onHighlight(null)}>
      <p className="sighting-list__count" role="status">
        Showing {describeCount(page.numberReturned, page.numberMatched)}.{page.truncated ? ' Sorting reorders these; the exports hold every one.' : ''}
      </p>
      {page.numberMatched > 0 && (
        <div className="sighting-list__exports">
          <span>Export:</span>
          {(['csv', 'geojson', 'gpkg'] as const).map((f) => (
            <a key={f} className="button button--small" href={exportHref(params, f)} download data-testid={`export-${f}`}>
              {f === 'csv' ? 'CSV' : f === 'geojson' ? 'GeoJSON' : 'GeoPackage'}
            </a>
          ))}
          <p className="field__hint">Each export is a disclosure: it is recorded in the audit log with this session’s purpose.</p>
        </div>
      )}
      <div className="table-wrap sighting-list__table">
        <table className="table">
          <caption className="visually-hidden">The listed sightings; choose a column heading to sort by it</caption>
          <thead>
            <tr>
              {COLUMNS.map(([k, label]) => (
                <th key={k} scope="col" aria-sort={sort.key === k ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="sighting-list__sort" onClick={() => setSort((s) => nextSort(s, k))} data-sort={k}>
                    {label}
                    <span aria-hidden="true">{sort.key === k ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length} className="table__empty">
                  No sightings here under the map’s filters.
                </td>
              </tr>
            ) : (
              rows.map((s) => (
                <tr key={s.id} data-sighting-id={s.id} onMouseEnter={point(s)} onClick={() => onOpenRecord(s.id)} className="sighting-list__row">
                  <td>
                    <button type="button" className="link-button" onFocus={point(s)} onBlur={() => onHighlight(null)} onClick={(e) => { e.stopPropagation(); onOpenRecord(s.id); }}>
                      <time dateTime={s.observedAt}>{formatDateTime(s.observedAt)}</time>
                    </button>
                  </td>
                  <td>{CATEGORY_LABELS[s.category] ?? s.category}</td>
                  <td>
                    <abbr
                      className="grading"
                      title={`Source: ${SOURCE_EVALUATION_LABELS[s.sourceEval as 1 | 2 | 3]}. Intelligence: ${INTEL_ASSESSMENT_LABELS[s.intelAssessment as keyof typeof INTEL_ASSESSMENT_LABELS]}. Handling: ${HANDLING_CODE_LABELS[s.handlingCode as keyof typeof HANDLING_CODE_LABELS]}.`}
                    >
                      {grading(s)}
                    </abbr>
                  </td>
                  <td>{s.premisesName ?? (s.premisesId ? 'linked' : '')}</td>
                  <td>{s.vehiclePlate ?? (s.vehicleId ? 'linked' : '')}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
