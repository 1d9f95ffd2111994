import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useReportSessionProblem } from '../SessionContext';
import { asApiError, ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { formatCount } from '../format';
import { BASEMAP_FORMATS, IMPORT_KINDS, PLACE_FORMATS, type BasemapFormat, type ImportKind, type PlaceFormat } from '../../../server/lists';
import type { BasemapLayer } from '../../../server/basemap/schema';
import { importStatus, listImports, uploadImport, type ImportSummary } from './api';
import { PastImports } from './PastImports';
import { columnProblems, contentTypeOf, importQuery, rejectedOfProblem } from './report';
import { ImportColumns } from './ImportColumns';
import { RunView, type Run } from './ImportRun';
import { BASEMAP_FORMAT_LABELS, BASEMAP_LAYER_LABELS, KIND_LABELS, PLACE_FORMAT_LABELS } from './labels';
import './imports.css';

/** How often a background import is asked for its progress, ms. */
const POLL_MS = 1000;

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
