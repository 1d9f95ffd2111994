import { useContext, useState, type FormEvent, type ReactNode } from 'react';
import { HANDLING_CODE_LABELS, INTEL_ASSESSMENT_LABELS, SOURCE_EVALUATION_LABELS } from '../../../server/lists';
import { AGENCY_LABELS, CATEGORY_LABELS, INDICATOR_LABELS, MODEL_LABELS } from '../../../server/labels';
import { asApiError, ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { deleteSighting, MapEditContext, type MapEdits } from './AddSighting';
import { sighting, type SightingRecordProps } from './api';
import type { Detail } from './detail';
import { useRemote } from '../useRemote';

interface Props {
  id: string;
  /** Area names by id, to name the sighting's ward. */
  areaNames: ReadonlyMap<string, string>;
  onOpen: (d: Detail) => void;
}

const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** Every field of one sighting (`GET /api/sightings/:id`), with its 3x5x2 grading spelt out. */
export function RecordPanel({ id, areaNames, onOpen }: Props) {
  const edits = useContext(MapEditContext);
  const r = useRemote(`sighting:${id}`, (signal) => sighting(id, signal));
  if (r.error) return <ErrorMessage error={r.error} />;
  if (!r.data || r.dataKey !== `sighting:${id}`) return <p className="loading" role="status">Loading the record…</p>;
  // Provenance comes with the detail read (issue 17).
  const s = r.data.properties as SightingRecordProps & { submissionId?: string | null; submissionReference?: string | null };
  const [lon, lat] = r.data.geometry.coordinates;
  const row = (label: string, value: ReactNode) => (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? <span className="muted">not recorded</span>}</dd>
    </div>
  );
  return (
    <div className="record" data-testid="record-panel">
      {s.synthetic && <p className="message message--info">Synthetic demo record.</p>}
      {s.submissionId && (
        <p className="message message--info" data-testid="provenance">
          From partner report {s.submissionReference ?? s.submissionId}
        </p>
      )}
      <dl className="record__fields">
        {row('Observed', <time dateTime={s.observedAt}>{formatDateTime(s.observedAt)}</time>)}
        {row('Reported', s.reportedAt ? <time dateTime={s.reportedAt}>{formatDateTime(s.reportedAt)}</time> : null)}
        {row('Category', CATEGORY_LABELS[s.category] ?? s.category)}
        {row('Grooming model', s.groomingModel ? MODEL_LABELS[s.groomingModel] ?? s.groomingModel : null)}
        {row('Source agency', AGENCY_LABELS[s.sourceAgency] ?? s.sourceAgency)}
      </dl>
      <h3>Grading (3x5x2)</h3>
      <dl className="record__fields record__grading">
        {row('Source evaluation', `${s.sourceEval} – ${SOURCE_EVALUATION_LABELS[s.sourceEval]}`)}
        {row('Intelligence assessment', `${s.intelAssessment} – ${INTEL_ASSESSMENT_LABELS[s.intelAssessment]}`)}
        {row('Handling code', `${s.handlingCode} – ${HANDLING_CODE_LABELS[s.handlingCode]}`)}
      </dl>
      <h3>Place and links</h3>
      <dl className="record__fields">
        {row('Location', `${lat.toFixed(5)}, ${lon.toFixed(5)}${s.precisionM ? ` (within ${s.precisionM} m)` : ''}`)}
        {row('Area', s.areaId ? areaNames.get(s.areaId) ?? s.areaId : null)}
        {row(
          'Premises',
          s.premisesId ? (
            <span className="record__links">
              <button type="button" className="link-button" onClick={() => onOpen({ kind: 'premises', id: s.premisesId! })}>
                Open the premises
              </button>
              <ProfileLink href={`/licensing/premises/${s.premisesId}`}>Full premises profile</ProfileLink>
            </span>
          ) : null,
        )}
        {row(
          'Vehicle',
          s.vehicleId ? (
            <span className="record__links">
              <button type="button" className="link-button" onClick={() => onOpen({ kind: 'vehicle', id: s.vehicleId! })}>
                Open the vehicle
              </button>
              <ProfileLink href={`/licensing/vehicles/${s.vehicleId}`}>Full vehicle profile</ProfileLink>
            </span>
          ) : null,
        )}
      </dl>
      <h3>Content</h3>
      <dl className="record__fields">
        {s.narrative !== undefined && row('Narrative', s.narrative ? <span className="record__narrative">{s.narrative}</span> : null)}
        {s.subjectRefs !== undefined && row('Subjects', s.subjects?.length ? s.subjects.map((x) => `${x.ref ?? x.kind.replace(/_/g, ' ')} (${x.role.replace(/_/g, ' ')})`).join(', ') : s.subjectRefs.length ? s.subjectRefs.join(', ') : 'none')}
        {row(
          'Makesafe indicators',
          s.indicators?.length ? (
            <ul className="plain-list">
              {s.indicators.map((i) => (
                <li key={i}>{INDICATOR_LABELS[i] ?? i}</li>
              ))}
            </ul>
          ) : (
            'none'
          ),
        )}
        {row('External reference', s.externalRef)}
        {row('Review due', s.reviewDue ? dateOnly.format(new Date(`${s.reviewDue}T00:00:00Z`)) : null)}
        {row('Created', <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>)}
        {row('Record id', <code>{s.id}</code>)}
      </dl>
      {edits && <RecordEdits id={s.id} at={[lon, lat]} edits={edits} />}
    </div>
  );
}

/**
 * A link to a licensing profile page (premises or vehicle): a real link (a new tab,
 * a copied address), followed inside the app without reloading it.
 */
function ProfileLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      className="record__profile"
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        // The app's router reads the address on popstate (route.ts usePage).
        window.history.pushState(null, '', href);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }}
    >
      {children}
    </a>
  );
}

/** Move the point (dragged on the map, with a reason) or delete the record (with a reason): analysts and admins. */
function RecordEdits({ id, at, edits }: { id: string; at: [number, number]; edits: MapEdits }) {
  const [deleting, setDeleting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await deleteSighting(id, reason.trim());
      edits.deleted(id);
    } catch (err) {
      setError(asApiError(err, 'Network error'));
      setBusy(false);
    }
  };
  return (
    <div className="record__actions">
      <h3>Correct the record</h3>
      <button type="button" className="button" onClick={() => edits.startMove(id, at)} disabled={edits.moving === id}>
        {edits.moving === id ? 'Drag the marker on the map…' : 'Move the point'}
      </button>
      {deleting ? (
        <form className="record__delete" onSubmit={remove}>
          <label>
            Reason for deleting
            <input value={reason} required minLength={3} maxLength={500} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
          <div className="add-sighting__actions">
            <button type="submit" className="button button--primary" disabled={reason.trim().length < 3 || busy}>
              Delete the sighting
            </button>
            <button type="button" className="button" onClick={() => setDeleting(false)}>
              Keep it
            </button>
          </div>
          {error && <ErrorMessage error={error} />}
        </form>
      ) : (
        <button type="button" className="button" onClick={() => setDeleting(true)}>
          Delete…
        </button>
      )}
    </div>
  );
}
