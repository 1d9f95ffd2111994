import { formatCount, formatDateTime } from '../format';
import { BASEMAP_LAYERS } from '../../../server/basemap/schema';
import type { ImportSummary } from './api';
import { refusedFor } from './report';

interface Props {
  imports: readonly ImportSummary[] | null;
  /** Shows one import's report. */
  onOpen: (id: string) => void;
  opening: string | null;
}

const STATUS_LABELS: Record<ImportSummary['status'], string> = {
  running: 'Running',
  done: 'Done',
  rejected: 'Refused (strict mode)',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** A basemap import's kind with the layers it replaced (or was asked to): "basemap: roads, water". */
function basemapKind(i: ImportSummary): string {
  // In the basemap's own order: the stored object's key order is the database's (jsonb sorts keys).
  const done = i.basemap?.layers ?? {};
  const layers = BASEMAP_LAYERS.filter((l) => l in done).join(', ') || i.basemap?.layer || '';
  return layers ? `basemap: ${layers}` : 'basemap';
}

/** The latest imports (`GET /api/imports`), newest first. */
export function PastImports({ imports, onOpen, opening }: Props) {
  return (
    <section className="panel past-imports" aria-labelledby="past-imports-title">
      <h2 id="past-imports-title">Past imports</h2>
      {imports === null ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : imports.length === 0 ? (
        <p className="table__empty">No imports yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table past-imports__table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Rows</th>
                <th scope="col" className="num">Inserted</th>
                <th scope="col" className="num">Updated</th>
                <th scope="col" className="num">Duplicates</th>
                <th scope="col" className="num">Rejected</th>
                <th scope="col"><span className="visually-hidden">Report</span></th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>
                    <time dateTime={i.startedAt}>{formatDateTime(i.startedAt)}</time>
                  </td>
                  <td>{i.kind === 'basemap' ? basemapKind(i) : i.kind}</td>
                  <td className="past-imports__file">{i.fileName ?? '(unnamed)'}</td>
                  <td>
                    <span className={`import-status import-status--${i.status}`}>{refusedFor(i) === 'columns' ? 'Refused (columns)' : STATUS_LABELS[i.status]}</span>
                  </td>
                  <td className="num">{formatCount(i.rowsRead)}</td>
                  <td className="num">{formatCount(i.inserted)}</td>
                  <td className="num">{formatCount(i.updated)}</td>
                  <td className="num">{formatCount(i.duplicates)}</td>
                  <td className="num">{formatCount(i.rejectedCount)}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(i.id)} disabled={opening === i.id}>
                      {opening === i.id ? 'Opening…' : 'Report'}
                      <span className="visually-hidden"> of {i.fileName ?? 'this import'}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
