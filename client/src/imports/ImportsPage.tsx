import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useReportSessionProblem } from '../SessionContext';
import { asApiError, ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { formatCount } from '../format';
import { BASEMAP_FORMATS, IMPORT_KINDS, PLACE_FORMATS, type BasemapFormat, type ImportKind, type PlaceFormat } from '../../../server/lists';
import type { BasemapLayer } from '../../../server/basemap/schema';
import { importStatus, listImports, uploadImport, type ImportStatus, type ImportSummary } from './api';
import { ImportReport } from './ImportReport';
import { PastImports } from './PastImports';
import { columnProblems, contentTypeOf, importFraction, importQuery, refusedFor, rejectedOfProblem, type ColumnProblem, type Rejected } from './report';
import { ColumnNotes, ImportColumns } from './ImportColumns';
import './imports.css';

const KIND_LABELS: Record<ImportKind, { label: string; hint: string }> = {
  sightings: { label: 'Sightings', hint: 'CSV or GeoJSON points; the columns are listed below the form, with a template to download' },
  premises: { label: 'Premises register', hint: 'CSV; the columns are listed below the form, with a template to download' },
  vehicles: { label: 'Vehicles register', hint: 'CSV; the columns are listed below the form, with a template to download' },
  areas: { label: 'Areas (boundaries)', hint: 'GeoJSON polygons, e.g. ONS ward boundaries (WD22CD, WD22NM), in EPSG:4326 or 27700' },
  places: { label: 'Gazetteer (place search)', hint: 'CSV as published by OS or ONS; replaces the earlier rows of the same source' },
  basemap: {
    label: 'Street basemap (roads, water, green space, buildings)',
    hint: 'GeoPackage as published (OS Open Roads, OS Open Zoomstack, OS OpenMap Local) or GeoJSON, or an OpenStreetMap extract converted with ogr2ogr; replaces each layer it loads, whole',
  },
  episodes: { label: 'Missing episodes', hint: 'CSV, one row per episode; the columns are listed below the form. A bad row refuses the whole file.' },
};

/** The layers a basemap import can replace, in the order the form offers them. */
const BASEMAP_LAYER_LABELS: [BasemapLayer | 'all' | '', string][] = [
  ['', 'Default: roads, or every layer of an OpenStreetMap extract'],
  ['roads', 'Roads (street names and classes)'],
  ['water', 'Water'],
  ['green', 'Green space'],
  ['buildings', 'Buildings'],
  ['all', 'Every layer the file has'],
];

const BASEMAP_FORMAT_LABELS: Record<BasemapFormat, string> = {
  gpkg: 'GeoPackage (OS Open Roads, Zoomstack, OpenMap Local)',
  geojson: 'GeoJSON of one layer',
  'osm-gpkg': 'OpenStreetMap extract as GeoPackage',
  'osm-geojson': 'OpenStreetMap extract as GeoJSON',
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
  /** Strict mode (naming rows) or the header check (naming columns) refused the file (422): nothing was written. */
  | { phase: 'refused'; fileName: string; error: ApiError; rejected: Rejected[]; columns: ColumnProblem[] }
  | { phase: 'failed'; error: ApiError };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });

/** Imports (admin): send a partner's file, watch its progress, read and download the validation report. */
export function ImportsPage() {
  const onSessionProblem = useReportSessionProblem();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<ImportKind>('sightings');
  const [strict, setStrict] = useState(false);
  const [update, setUpdate] = useState(false);
  const [srid, setSrid] = useState<'' | '4326' | '27700'>('');
  const [repair, setRepair] = useState(false);
  const [placeFormat, setPlaceFormat] = useState<PlaceFormat>('codepoint');
  const [basemapLayer, setBasemapLayer] = useState<BasemapLayer | 'all' | ''>('');
  const [basemapFormat, setBasemapFormat] = useState<BasemapFormat | ''>('');
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
      const e = asApiError(err, 'Import failed');
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
      setFormError(
        kind === 'places'
          ? 'Gazetteer files are CSV, as OS and ONS publish them.'
          : kind === 'basemap'
            ? 'Basemap layers are imported from a GeoPackage (.gpkg) or GeoJSON (.geojson or .json).'
            : 'Areas are imported from GeoJSON (.geojson or .json).',
      );
      return;
    }
    setFormError(null);
    const fileName = file.name;
    setRun({ phase: 'uploading', fileName, fraction: null });
    try {
      const out = await uploadImport(kind, importQuery({ fileName, strict, update, srid, repair, kind, placeFormat, basemapLayer, basemapFormat }), file, type, (fraction) =>
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
      const columns = ae.status === 422 ? columnProblems(ae.errors ?? []) : [];
      setRun(rejected.length || columns.length ? { phase: 'refused', fileName, error: ae, rejected, columns } : { phase: 'failed', error: ae });
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
        Bring in partners’ sightings, licensing registers, area boundaries, gazetteers and the street basemap. Valid rows are imported in one go; bad rows are
        listed with their line in the file and the reason. Re-importing a file adds nothing twice.
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
          <span className="drop-zone__title">{file ? file.name : 'Drop a CSV, GeoJSON or GeoPackage file here'}</span>
          <span className="drop-zone__hint">{file ? `${formatCount(file.size)} bytes — choose another to replace it` : 'or choose one'}</span>
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".csv,text/csv,.geojson,.json,application/geo+json,application/json,.gpkg,application/geopackage+sqlite3"
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
            {kind !== 'basemap' && (
              <label className="check">
                <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} /> On duplicate, update the existing record
              </label>
            )}
            {kind === 'basemap' && (
              <>
                <div className="field imports-form__srid">
                  <label htmlFor="import-basemap-layer">Layer to replace</label>
                  <select id="import-basemap-layer" value={basemapLayer} onChange={(e) => setBasemapLayer(e.target.value as typeof basemapLayer)}>
                    {BASEMAP_LAYER_LABELS.map(([value, label]) => (
                      <option key={value || 'default'} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field imports-form__srid">
                  <label htmlFor="import-basemap-format">File</label>
                  <select id="import-basemap-format" value={basemapFormat} onChange={(e) => setBasemapFormat(e.target.value as typeof basemapFormat)}>
                    <option value="">Tell from the file</option>
                    {BASEMAP_FORMATS.map((f) => (
                      <option key={f} value={f}>
                        {BASEMAP_FORMAT_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </div>
                <p className="field__hint">The layers are replaced in one go when the file has loaded; until then the map keeps the previous ones.</p>
              </>
            )}
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
            {(kind === 'areas' || kind === 'basemap') && (
              <div className="field imports-form__srid">
                <label htmlFor="import-srid">{kind === 'basemap' ? 'GeoJSON coordinates (SRID) when the file has no crs' : 'Coordinates (SRID) when the file has no crs'}</label>
                <select id="import-srid" value={srid} onChange={(e) => setSrid(e.target.value as typeof srid)}>
                  <option value="">From the file (default WGS84)</option>
                  <option value="4326">EPSG:4326 — WGS84 longitude/latitude</option>
                  <option value="27700">EPSG:27700 — British National Grid</option>
                </select>
              </div>
            )}
            {kind === 'areas' && (
              <>
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

      <ImportColumns kind={kind} placeFormat={placeFormat} />

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
