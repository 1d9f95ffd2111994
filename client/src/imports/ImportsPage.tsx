import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { formatCount } from '../format';
import { IMPORT_KINDS, PLACE_FORMATS, type ImportKind, type PlaceFormat } from '../../../server/lists';
import { importStatus, listImports, uploadImport, type ImportStatus, type ImportSummary } from './api';
import { ImportReport } from './ImportReport';
import { PastImports } from './PastImports';
import { contentTypeOf, importFraction, importQuery, rejectedOfProblem, type Rejected } from './report';
import './imports.css';

const KIND_LABELS: Record<ImportKind, { label: string; hint: string }> = {
  sightings: { label: 'Sightings', hint: 'CSV or GeoJSON points: external_ref, observed_at, lat/lon or easting/northing or grid_ref, category, source_agency, 3x5x2 grading…' },
  premises: { label: 'Premises register', hint: 'CSV: name, category, address, postcode, lat/lon or easting/northing, licence_ref, licence_status, external_ref' },
  vehicles: { label: 'Vehicles register', hint: 'CSV: plate, licence_no, operator_ref, make, colour' },
  areas: { label: 'Areas (boundaries)', hint: 'GeoJSON polygons, e.g. ONS ward boundaries (WD22CD, WD22NM), in EPSG:4326 or 27700' },
  places: { label: 'Gazetteer (place search)', hint: 'CSV as published by OS or ONS; replaces the earlier rows of the same source' },
};

const PLACE_FORMAT_LABELS: Record<PlaceFormat, string> = {
  codepoint: 'OS Code-Point Open',
  onspd: 'ONS Postcode Directory (ONSPD)',
  'open-names': 'OS Open Names',
  'open-uprn': 'OS Open UPRN',
};

/** How often a background import is asked for its progress, ms. */
const POLL_MS = 1000;

/** Where the current import is. */
type Run =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; fraction: number | null }
  | { phase: 'running'; fileName: string; id: string; status: ImportStatus | null; busy: boolean }
  | { phase: 'finished'; fileName: string; status: ImportStatus }
  /** Strict mode refused the file (422): nothing was written. */
  | { phase: 'refused'; fileName: string; error: ApiError; rejected: Rejected[] }
  | { phase: 'failed'; error: ApiError };

interface Props {
  onSessionProblem: (err: ApiError) => void;
}

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError(0, 'Import failed', String(err)));
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Imports (admin): send a partner's file, watch its progress, read and download the validation report. */
export function ImportsPage({ onSessionProblem }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKind>('sightings');
  const [strict, setStrict] = useState(false);
  const [update, setUpdate] = useState(false);
  const [srid, setSrid] = useState<'' | '4326' | '27700'>('');
  const [repair, setRepair] = useState(false);
  const [placeFormat, setPlaceFormat] = useState<PlaceFormat>('codepoint');
  const [dragging, setDragging] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const [past, setPast] = useState<ImportSummary[] | null>(null);
  const [pastError, setPastError] = useState<ApiError | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const alive = useRef(new AbortController());

  useEffect(() => {
    const c = new AbortController();
    alive.current = c;
    return () => c.abort();
  }, []);

  const problem = useCallback(
    (err: unknown): ApiError | null => {
      if (err instanceof DOMException && err.name === 'AbortError') return null;
      const e = asApiError(err);
      if (e.status === 401 || e.status === 428) onSessionProblem(e);
      return e;
    },
    [onSessionProblem],
  );

  const refreshPast = useCallback(() => {
    listImports(alive.current.signal).then(
      (rows) => {
        setPast(rows);
        setPastError(null);
      },
      (err: unknown) => {
        const e = problem(err);
        if (e) setPastError(e);
      },
    );
  }, [problem]);

  useEffect(refreshPast, [refreshPast]);

  const busy = run.phase === 'uploading' || run.phase === 'running';

  /** Asks a background import how far it is until it ends. A 503 means the embedded database is still busy with it. */
  async function follow(id: string, fileName: string) {
    const signal = alive.current.signal;
    setRun({ phase: 'running', fileName, id, status: null, busy: false });
    while (!signal.aborted) {
      try {
        const status = await importStatus(id, signal);
        if (status.status !== 'running') {
          setRun({ phase: 'finished', fileName, status });
          refreshPast();
          return;
        }
        setRun({ phase: 'running', fileName, id, status, busy: false });
      } catch (err) {
        const e = problem(err);
        if (!e) return;
        if (e.status !== 503) {
          setRun({ phase: 'failed', error: e });
          return;
        }
        setRun((r) => (r.phase === 'running' ? { ...r, busy: true } : r));
      }
      await sleep(POLL_MS, signal);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setFormError('Choose a file to import.');
      fileInput.current?.focus();
      return;
    }
    const type = contentTypeOf(file.name, file.type, kind);
    if (!type) {
      setFormError(kind === 'places' ? 'Gazetteer files are CSV, as OS and ONS publish them.' : 'Areas are imported from GeoJSON (.geojson or .json).');
      return;
    }
    setFormError(null);
    const fileName = file.name;
    setRun({ phase: 'uploading', fileName, fraction: null });
    try {
      const out = await uploadImport(kind, importQuery({ fileName, strict, update, srid, repair, kind, placeFormat }), file, type, (fraction) =>
        setRun((r) => (r.phase === 'uploading' ? { ...r, fraction } : r)), alive.current.signal);
      if (out.kind === 'accepted') await follow(out.id, fileName);
      else {
        setRun({ phase: 'finished', fileName, status: out.status });
        refreshPast();
      }
    } catch (err) {
      const ae = problem(err);
      if (!ae) return;
      const rejected = ae.status === 422 ? rejectedOfProblem(ae.errors ?? []) : [];
      setRun(rejected.length ? { phase: 'refused', fileName, error: ae, rejected } : { phase: 'failed', error: ae });
      refreshPast();
    }
  }

  async function open(id: string) {
    setOpening(id);
    try {
      const status = await importStatus(id, alive.current.signal);
      if (status.status === 'running') void follow(id, status.fileName ?? 'import');
      else setRun({ phase: 'finished', fileName: status.fileName ?? 'import', status });
    } catch (err) {
      const e = problem(err);
      if (e) setRun({ phase: 'failed', error: e });
    } finally {
      setOpening(null);
    }
  }

  const drop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f && !busy) {
      // The picker shows the dropped file too, so the page never names two.
      if (fileInput.current) fileInput.current.files = e.dataTransfer.files;
      setFile(f);
      setFormError(null);
    }
  };

  return (
    <div className="imports-page">
      <h1 ref={heading} tabIndex={-1}>
        Imports
      </h1>
      <p className="panel__lede">
        Bring in partners’ sightings, licensing registers and area boundaries. Valid rows are imported in one go; bad rows are listed with their line in the file
        and the reason. Re-importing a file adds nothing twice.
      </p>

      <form className="panel imports-form" onSubmit={submit} noValidate aria-describedby={formError ? 'import-form-error' : undefined}>
        <label
          className={['drop-zone', dragging ? 'drop-zone--over' : '', formError && !file ? 'drop-zone--error' : ''].filter(Boolean).join(' ')}
          htmlFor="import-file"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <span className="drop-zone__title">{file ? file.name : 'Drop a CSV or GeoJSON file here'}</span>
          <span className="drop-zone__hint">{file ? `${formatCount(file.size)} bytes — choose another to replace it` : 'or choose one'}</span>
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".csv,text/csv,.geojson,.json,application/geo+json,application/json"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFormError(null);
            }}
          />
        </label>
        {formError && (
          <p id="import-form-error" className="field__error" role="alert">
            {formError}
          </p>
        )}

        <div className="imports-form__options">
          <div className="field">
            <label htmlFor="import-kind">Kind</label>
            <select id="import-kind" value={kind} disabled={busy} onChange={(e) => setKind(e.target.value as ImportKind)} aria-describedby="import-kind-hint">
              {IMPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k].label}
                </option>
              ))}
            </select>
            <p id="import-kind-hint" className="field__hint">
              {KIND_LABELS[kind].hint}
            </p>
          </div>

          <fieldset className="imports-form__flags" disabled={busy}>
            <legend>Options</legend>
            <label className="check">
              <input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> Strict mode: import nothing if any row is bad
            </label>
            <label className="check">
              <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} /> On duplicate, update the existing record
            </label>
            {kind === 'places' && (
              <div className="field imports-form__srid">
                <label htmlFor="import-place-format">Gazetteer file</label>
                <select id="import-place-format" value={placeFormat} onChange={(e) => setPlaceFormat(e.target.value as PlaceFormat)}>
                  {PLACE_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {PLACE_FORMAT_LABELS[f]}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {kind === 'areas' && (
              <>
                <div className="field imports-form__srid">
                  <label htmlFor="import-srid">Coordinates (SRID) when the file has no crs</label>
                  <select id="import-srid" value={srid} onChange={(e) => setSrid(e.target.value as typeof srid)}>
                    <option value="">From the file (default WGS84)</option>
                    <option value="4326">EPSG:4326 — WGS84 longitude/latitude</option>
                    <option value="27700">EPSG:27700 — British National Grid</option>
                  </select>
                </div>
                <label className="check">
                  <input type="checkbox" checked={repair} onChange={(e) => setRepair(e.target.checked)} /> Repair invalid polygons (ST_MakeValid) instead of rejecting them
                </label>
              </>
            )}
          </fieldset>
        </div>

        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>

      <RunView run={run} />

      {pastError ? <ErrorMessage error={pastError} /> : <PastImports imports={past} onOpen={open} opening={opening} />}
    </div>
  );
}

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
function RunView({ run }: { run: Run }) {
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
          ? `${formatCount(s.rowsRead)} rows read, ${formatCount(s.rejectedCount)} rejected so far.`
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
          <ImportReport rejected={run.rejected} rejectedCount={run.rejected.length} fileName={run.fileName} />
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
            {s.status === 'done' ? `Imported ${run.fileName}` : s.status === 'rejected' ? `Nothing imported from ${run.fileName} (strict mode)` : `${run.fileName}: import ${s.status}`}
          </h2>
          {s.error && <p className="message message--error">{s.error}</p>}
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
          <ImportReport rejected={s.rejected ?? []} rejectedCount={s.rejectedCount} fileName={run.fileName} />
        </section>
      );
    }
  }
}
