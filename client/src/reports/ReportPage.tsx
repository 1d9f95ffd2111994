import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { mayReadPremises } from '../../../server/auth/policy';
import { asApiError, setPurpose as savePurpose, type ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { saveFile } from '../saveFile';
import { useSession } from '../SessionContext';
import { useSubmit } from '../useSubmit';
import { areas as fetchAreas, type AreaCollection, type AreaGeometry } from '../map/api';
import { closedRing } from '../map/geometry';
import { downloadReport, fetchReport, type AreaReport, type MonthRange, type ReportFormat, type ReportTarget } from './api';
import { DrawMap } from './DrawMap';
import { ReportView } from './ReportView';

/** `YYYY-MM` of a month `back` months before this one. */
const monthAgo = (back: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
};

/** The last three whole months. */
const DEFAULT_PERIOD: MonthRange = { from: monthAgo(3), to: monthAgo(1) };

const FORMATS: { id: ReportFormat; label: string; hint: string }[] = [
  { id: 'pdf', label: 'PDF', hint: 'A4 document to print or hand out' },
  { id: 'xlsx', label: 'Spreadsheet', hint: 'Excel workbook, one sheet per table' },
  { id: 'csv', label: 'CSV', hint: 'the same tables in one long list, for other programs' },
  { id: 'geojson', label: 'GeoJSON', hint: 'counts by cell, for a GIS (never points)' },
];

type Choice = { kind: 'ward'; id: string } | { kind: 'drawn' };

/**
 * Area reports: choose a ward or draw an area, choose the months, see the report as it
 * will print, and export it (PDF, spreadsheet, CSV, GeoJSON) with the purpose of the disclosure.
 */
export function ReportPage() {
  const { session, purposeStated, onSessionProblem } = useSession();
  const [wards, setWards] = useState<AreaCollection | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [corners, setCorners] = useState<[number, number][]>([]);
  const [period, setPeriod] = useState<MonthRange>(DEFAULT_PERIOD);
  const [report, setReport] = useState<AreaReport | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);

  const fail = useCallback(
    (err: unknown) => {
      const e = asApiError(err, 'Something went wrong');
      onSessionProblem(e);
      setError(e);
    },
    [onSessionProblem],
  );

  useEffect(() => {
    const ac = new AbortController();
    fetchAreas('ward', ac.signal).then((w) => {
      setWards(w);
      const first = [...w.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB'))[0];
      setChoice((c) => c ?? (first ? { kind: 'ward', id: first.id } : { kind: 'drawn' }));
    }, (err: unknown) => (ac.signal.aborted ? undefined : fail(err)));
    return () => ac.abort();
  }, [fail]);

  const drawnGeometry = useMemo((): AreaGeometry | null => {
    const ring = closedRing(corners);
    return ring ? { type: 'Polygon', coordinates: [ring] } : null;
  }, [corners]);

  const target = useMemo((): ReportTarget | null => {
    if (!choice || !wards) return null;
    if (choice.kind === 'drawn') return drawnGeometry ? { type: 'polygon', geometry: drawnGeometry, name: 'Drawn area' } : null;
    const w = wards.features.find((f) => f.id === choice.id);
    return w ? { type: 'area', id: w.id, name: w.properties.name } : null;
  }, [choice, wards, drawnGeometry]);

  const show = useCallback(() => {
    if (!target) return;
    setLoading(true);
    setError(null);
    fetchReport(target, period).then(setReport, fail).finally(() => setLoading(false));
  }, [target, period, fail]);

  // A ward's report shows as soon as the ward is chosen; a drawn area's on request.
  const wardId = choice?.kind === 'ward' ? choice.id : null;
  useEffect(() => {
    if (wardId) show();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [wardId]);

  const sorted = wards ? [...wards.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'en-GB')) : [];

  return (
    <div className="report-page">
      <div className="report-page__controls card">
        <h1>Area report</h1>
        <div className="field">
          <label htmlFor="report-area">Area</label>
          <select
            id="report-area"
            value={choice?.kind === 'ward' ? choice.id : choice?.kind === 'drawn' ? 'drawn' : ''}
            onChange={(e) => setChoice(e.target.value === 'drawn' ? { kind: 'drawn' } : { kind: 'ward', id: e.target.value })}
          >
            {sorted.map((w) => (
              <option key={w.id} value={w.id}>
                {w.properties.name}
              </option>
            ))}
            <option value="drawn">An area I draw…</option>
          </select>
        </div>
        {choice?.kind === 'drawn' && wards && (
          <div>
            <p className="field__hint">Click the map at each corner of the area (at least 3).</p>
            <DrawMap wards={wards} corners={corners} onCorner={(c) => setCorners((cs) => [...cs, c])} />
            <div className="report-page__months">
              <button type="button" className="button button--small" onClick={() => setCorners((cs) => cs.slice(0, -1))} disabled={!corners.length}>
                Undo corner
              </button>
              <button type="button" className="button button--small" onClick={() => setCorners([])} disabled={!corners.length}>
                Clear
              </button>
            </div>
          </div>
        )}
        <MonthFields value={period} onChange={setPeriod} idPrefix="report" />
        <button type="button" className="button button--primary" onClick={show} disabled={!target || loading}>
          {loading ? 'Building the report…' : 'Show report'}
        </button>
        <button type="button" className="button" onClick={() => setExporting(true)} disabled={!wards}>
          Export…
        </button>
        {!mayReadPremises(session.user.role) && (
          <p className="field__hint">Reports for your role are disclosure-controlled: small counts show as &lt;5 and premises are not named.</p>
        )}
        {error && <ErrorMessage error={error} />}
      </div>
      <div className="report-page__preview" aria-busy={loading} aria-label="Preview of the report">
        {report ? <ReportView report={report} /> : <p className="loading">{loading ? 'Building the report…' : 'Choose an area to see its report.'}</p>}
      </div>
      {exporting && wards && (
        <ExportDialog
          wards={sorted}
          drawn={drawnGeometry}
          initial={{ choice, period }}
          // The one purpose of the session: a new one stated here shows in the header too.
          purpose={session.purpose ?? ''}
          onPurposeSaved={purposeStated}
          onClose={() => setExporting(false)}
        />
      )}
    </div>
  );
}

function MonthFields({ value, onChange, idPrefix }: { value: MonthRange; onChange: (p: MonthRange) => void; idPrefix: string }) {
  return (
    <fieldset className="control-group">
      <legend>Period (whole months)</legend>
      <div className="report-page__months">
        <div className="field field--inline">
          <label htmlFor={`${idPrefix}-from`}>From</label>
          <input id={`${idPrefix}-from`} type="month" value={value.from} max={value.to} onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })} />
        </div>
        <div className="field field--inline">
          <label htmlFor={`${idPrefix}-to`}>To</label>
          <input id={`${idPrefix}-to`} type="month" value={value.to} min={value.from} onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })} />
        </div>
      </div>
    </fieldset>
  );
}

interface DialogProps {
  wards: AreaCollection['features'];
  drawn: AreaGeometry | null;
  initial: { choice: Choice | null; period: MonthRange };
  purpose: string;
  onPurposeSaved: (purpose: string) => void;
  onClose: () => void;
}

/** Export: which area (a ward or the drawn polygon), the months, the format, and why. */
function ExportDialog({ wards, drawn, initial, purpose: given, onPurposeSaved, onClose }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [choice, setChoice] = useState<Choice>(initial.choice ?? { kind: 'ward', id: wards[0]?.id ?? '' });
  const [period, setPeriod] = useState(initial.period);
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [purpose, setPurpose] = useState(given);
  const { pending: busy, error, run } = useSubmit('Export failed');
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const target: ReportTarget | null =
      choice.kind === 'drawn'
        ? drawn && { type: 'polygon', geometry: drawn, name: 'Drawn area' }
        : (() => {
            const w = wards.find((x) => x.id === choice.id);
            return w ? { type: 'area' as const, id: w.id, name: w.properties.name } : null;
          })();
    if (!target) return;
    setDone(null);
    await run(async () => {
      if (purpose.trim() !== given.trim()) onPurposeSaved(await savePurpose(purpose.trim()));
      const file = await downloadReport(target, period, format);
      saveFile(file);
      setDone(file.fileName);
    });
  }

  return (
    <dialog ref={ref} className="report-dialog" aria-labelledby="export-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="export-title">Export the area report</h2>
        <fieldset>
          <legend>Area</legend>
          <div className="field">
            <label htmlFor="export-area">Ward or drawn area</label>
            <select
              id="export-area"
              value={choice.kind === 'ward' ? choice.id : 'drawn'}
              onChange={(e) => setChoice(e.target.value === 'drawn' ? { kind: 'drawn' } : { kind: 'ward', id: e.target.value })}
            >
              {wards.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.properties.name}
                </option>
              ))}
              <option value="drawn" disabled={!drawn}>
                The area I drew{drawn ? '' : ' (draw one first)'}
              </option>
            </select>
          </div>
        </fieldset>
        <MonthFields value={period} onChange={setPeriod} idPrefix="export" />
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id} className="choice">
              <input type="radio" name="export-format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} /> {f.label}{' '}
              <span className="field__hint">— {f.hint}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="export-purpose">Purpose of this export</label>
          <input id="export-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} required minLength={3} maxLength={500} placeholder="e.g. Halliwell partnership meeting, March" />
          <p className="field__hint">Every export is recorded in the audit log with its purpose. The file is marked OFFICIAL-SENSITIVE.</p>
        </div>
        {error && <ErrorMessage error={error} />}
        {done && (
          <p className="message" role="status">
            Saved {done}.
          </p>
        )}
        <div className="report-dialog__actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Close
          </button>
          <button type="submit" className="button button--primary" disabled={busy || (choice.kind === 'drawn' && !drawn)}>
            {busy ? (format === 'pdf' ? 'Printing the PDF…' : 'Preparing…') : `Download ${FORMATS.find((f) => f.id === format)!.label}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
