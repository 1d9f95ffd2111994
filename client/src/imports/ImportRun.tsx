/** The current import on the imports page: its progress, then its outcome and report. */
import type { ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount } from '../format';
import type { ImportStatus } from './api';
import { ImportReport } from './ImportReport';
import { ColumnNotes } from './ImportColumns';
import { columnProblems, importFraction, refusedFor, type ColumnProblem, type Rejected } from './report';
import { BASEMAP_FORMAT_LABELS, BASEMAP_LAYER_LABELS } from './labels';

/** Where the current import is. */
export type Run =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; fraction: number | null }
  | { phase: 'running'; fileName: string; id: string; status: ImportStatus | null; busy: boolean }
  | { phase: 'finished'; fileName: string; status: ImportStatus }
  /** Strict mode (naming rows) or the header check (naming columns) refused the file (422): nothing was written. */
  | { phase: 'refused'; fileName: string; error: ApiError; rejected: Rejected[]; columns: ColumnProblem[] }
  | { phase: 'failed'; error: ApiError };

function ProgressBar({ label, fraction, note }: { label: string; fraction: number | null; note: string }) {
  return (
    <div className="import-progress" role="status" aria-live="polite">
      <p className="import-progress__label">
        {label} {fraction !== null && <strong>{Math.round(fraction * 100)} %</strong>}
      </p>
      {fraction === null ? <progress aria-label={label} /> : <progress aria-label={label} max={1} value={fraction} />}
      <p className="muted">{note}</p>
    </div>
  );
}

/** The current import: its progress, then its outcome and report. */
export function RunView({ run }: { run: Run }) {
  switch (run.phase) {
    case 'idle':
      return null;
    case 'uploading':
      return (
        <section className="panel import-run">
          <ProgressBar
            label={`Sending ${run.fileName}…`}
            fraction={run.fraction}
            note={run.fraction !== null && run.fraction >= 1 ? 'Sent; the server is checking and importing it.' : 'Sending the file to the server.'}
          />
        </section>
      );
    case 'running': {
      const s = run.status;
      const fraction = s ? importFraction(s) : null;
      const note = run.busy
        ? 'The database is busy writing this import and will answer when it is done.'
        : s
          ? s.kind === 'basemap'
            ? `${formatCount(s.rowsRead)} features read, ${formatCount(s.inserted)} rows loaded, ${formatCount(s.rejectedCount)} rejected so far.`
            : `${formatCount(s.rowsRead)} rows read, ${formatCount(s.rejectedCount)} rejected so far.`
          : 'The file is large, so it is imported in the background; waiting for the server’s first progress report.';
      return (
        <section className="panel import-run">
          <ProgressBar label={`Importing ${run.fileName}…`} fraction={fraction} note={note} />
        </section>
      );
    }
    case 'refused':
      return (
        <section className="panel import-run" aria-labelledby="import-outcome">
          <h2 id="import-outcome">Nothing imported from {run.fileName}</h2>
          <ErrorMessage error={run.error} />
          <ColumnNotes problems={run.columns} refused />
          {run.rejected.length > 0 && <ImportReport rejected={run.rejected} rejectedCount={run.rejected.length} fileName={run.fileName} />}
        </section>
      );
    case 'failed':
      return (
        <section className="panel import-run">
          <ErrorMessage error={run.error} />
        </section>
      );
    case 'finished': {
      const s = run.status;
      return (
        <section className="panel import-run" aria-labelledby="import-outcome">
          <h2 id="import-outcome">
            {s.status === 'done' ? `Imported ${run.fileName}` : s.status === 'rejected' ? `Nothing imported from ${run.fileName} (${refusedFor(s)})` : `${run.fileName}: import ${s.status}`}
          </h2>
          {s.error && <p className="message message--error">{s.error}</p>}
          <ColumnNotes problems={columnProblems(s.warnings ?? [])} refused={s.status === 'rejected'} />
          {s.basemap?.layers && <BasemapLoaded detail={s.basemap} />}
          <dl className="import-counts">
            {(
              [
                ['Rows read', s.rowsRead],
                ['Inserted', s.inserted],
                ['Updated', s.updated],
                ['Duplicates', s.duplicates],
                ['Rejected', s.rejectedCount],
              ] as const
            ).map(([label, n]) => (
              <div key={label} className={`import-counts__item${label === 'Rejected' && n > 0 ? ' import-counts__item--bad' : ''}`}>
                <dt>{label}</dt>
                <dd>{formatCount(n)}</dd>
              </div>
            ))}
          </dl>
          {refusedFor(s) !== 'columns' && <ImportReport rejected={s.rejected ?? []} rejectedCount={s.rejectedCount} fileName={run.fileName} />}
        </section>
      );
    }
  }
}

/** What a basemap import replaced: rows per layer, the file's format and tables, the features it left aside. */
function BasemapLoaded({ detail }: { detail: NonNullable<ImportStatus['basemap']> }) {
  const layers = Object.entries(detail.layers ?? {});
  return (
    <div className="import-basemap">
      <p>
        {detail.format ? BASEMAP_FORMAT_LABELS[detail.format] : 'Basemap file'}
        {detail.tables?.length ? ` (tables ${detail.tables.join(', ')})` : ''}: the map now draws the layers below from this file.
        {detail.ignored ? ` ${formatCount(detail.ignored)} features belong on no basemap layer and were left aside.` : ''}
      </p>
      <dl className="import-counts">
        {layers.map(([layer, n]) => (
          <div key={layer} className="import-counts__item">
            <dt>{BASEMAP_LAYER_LABELS.find(([v]) => v === layer)?.[1] ?? layer}</dt>
            <dd>{`${formatCount(n ?? 0)} row${n === 1 ? '' : 's'}`}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
