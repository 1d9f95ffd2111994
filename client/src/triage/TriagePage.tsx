import { formatDateTime } from '../format';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { CONCERN_CATEGORIES, SOURCE_AGENCY_LABELS, type SubmissionOutcome } from '../../../server/lists';
import { SUBMISSION_OUTCOME_LABELS } from '../../../server/labels';
import { ErrorMessage } from '../components/ErrorMessage';
import { GradingSelects, type Grading } from '../components/GradingSelects';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { PlaceMap } from '../partner/PlaceMap';
import { PlaceSearch } from '../partner/PlaceSearch';
import { EPISODE_PARTNER_MESSAGE } from '../../../server/submissions/schema';
import { decide, openSubmission, queue, type DecisionBody, type DecisionResult, type EpisodeDecision, type TriageItem } from './api';
import { EpisodeFields, emptyEpisode, reportedDefault, type EpisodeForm } from './EpisodeFields';
import './triage.css';

const CONCERN = Object.fromEntries(CONCERN_CATEGORIES.map((c) => [c.code, c.label])) as Record<string, string>;

/** "3 h 20 min", "2 days 4 h": how long a submission has waited. */
export function waited(s: number): string {
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}
const when = formatDateTime;

interface Props {
  sub: string;
  goTo: (sub?: string) => void;
}

/** Police triage of partners' reports: the queue oldest first, one report at a time, one decision each. */
export function TriagePage({ sub, goTo }: Props) {
  const [version, setVersion] = useState(0);
  const list = useRemote(`triage-queue-${version}`, queue);
  const selected = sub || null;
  return (
    <div className="triage">
      <section className="triage__queue card" aria-labelledby="triage-queue-h">
        <h1 id="triage-queue-h">Triage</h1>
        <p className="hint">Partners’ reports waiting, oldest first.</p>
        {list.error && <ErrorMessage error={list.error} />}
        {list.data && list.data.items.length === 0 && <p>Nothing is waiting.</p>}
        <ol className="triage__list" data-testid="triage-queue">
          {list.data?.items.map((s) => (
            <li key={s.id}>
              <button type="button" className={s.id === selected ? 'triage__item triage__item--on' : 'triage__item'} aria-current={s.id === selected ? 'true' : undefined} onClick={() => goTo(s.id)}>
                <span className="triage__ref">{s.reference}</span>
                <span className="triage__meta">
                  {SOURCE_AGENCY_LABELS[s.agency]} · waiting {waited(s.waitingS)} · {s.status === 'in_triage' ? 'in triage' : 'new'}
                </span>
                <span className="triage__cats">{s.report.categories.map((c) => CONCERN[c] ?? c).join('; ')}</span>
              </button>
            </li>
          ))}
        </ol>
      </section>
      {selected ? (
        <Detail key={selected} id={selected} onDecided={() => { setVersion((v) => v + 1); window.dispatchEvent(new Event('lantern:triage-changed')); }} />
      ) : (
        <section className="triage__detail card">
          <p>Choose a report from the queue.</p>
        </section>
      )}
    </div>
  );
}

function Detail({ id, onDecided }: { id: string; onDecided: () => void }) {
  const item = useRemote(`triage-${id}`, (signal) => openSubmission(id, signal));
  useEffect(() => {
    if (item.data) window.dispatchEvent(new Event('lantern:triage-changed'));
  }, [item.data]);
  if (item.error) return <section className="triage__detail card"><ErrorMessage error={item.error} /></section>;
  if (!item.data) return <section className="triage__detail card"><p role="status">Loading…</p></section>;
  return <DecisionForm s={item.data} onDecided={onDecided} />;
}

function DecisionForm({ s, onDecided }: { s: TriageItem; onDecided: () => void }) {
  const r = s.report;
  const decided = s.outcome !== null;
  const [point, setPoint] = useState(s.lon !== null && s.lat !== null ? { lon: s.lon, lat: s.lat, precisionM: s.precisionM ?? undefined } : null);
  const [moved, setMoved] = useState<'map' | 'address' | 'postcode' | 'street' | 'area' | null>(null);
  const [outcome, setOutcome] = useState<SubmissionOutcome>('sighting');
  const [grading, setGrading] = useState<Grading>({ sourceEval: 2, intelAssessment: 'C', handlingCode: 'P' });
  const [categories, setCategories] = useState<string[]>(r.categories.slice(0, 1));
  const [premisesId, setPremisesId] = useState<string>(r.premisesId ?? '');
  const [vehicleId, setVehicleId] = useState<string>('');
  const [duplicateOf, setDuplicateOf] = useState<string>('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [episode, setEpisode] = useState<EpisodeForm>(() => emptyEpisode(s));
  const { pending: busy, error, run } = useSubmit('Not decided');
  const [done, setDone] = useState<DecisionResult | null>(null);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const graded = outcome === 'sighting' || outcome === 'intel';
    // An episode starts from the corrected place as records do.
    const placed = graded || outcome === 'episode';
    const body: DecisionBody = {
      outcome,
      message,
      ...(graded ? grading : {}),
      ...(placed && point && moved ? { location: { lon: Number(point.lon.toFixed(6)), lat: Number(point.lat.toFixed(6)), ...(point.precisionM ? { precisionM: Math.round(point.precisionM) } : {}), method: moved } } : {}),
      ...(placed && !moved && point && s.lon === null ? { location: { lon: point.lon, lat: point.lat, method: 'map' as const } } : {}),
      ...(outcome === 'episode' ? { episode: episodeBody(s, episode) } : {}),
      ...(outcome === 'sighting' ? { categories } : {}),
      ...(graded && premisesId ? { premisesId } : {}),
      ...(graded && vehicleId ? { vehicleId } : {}),
      ...(outcome === 'duplicate' ? { duplicateOf } : {}),
      ...(outcome === 'no_action' ? { reason } : {}),
    };
    void run(async () => {
      setDone(await decide(s.id, body));
      onDecided();
    });
  }

  return (
    <section className="triage__detail card" aria-labelledby="triage-detail-h" data-testid="triage-detail">
      <h2 id="triage-detail-h">
        {s.reference} <span className="hint">from {SOURCE_AGENCY_LABELS[s.agency]} ({s.partnerUsername}), received {when(s.receivedAt)}</span>
      </h2>
      <div className="triage__grid">
        <div>
          <h3>What they saw</h3>
          <ul>{r.categories.map((c) => <li key={c}>{CONCERN[c] ?? c}</li>)}</ul>
          <p className="triage__text">{r.description}</p>
          <dl className="triage__facts">
            <dt>When</dt>
            <dd>{r.observedAt ? when(r.observedAt) : `between ${when(r.observedFrom!)} and ${when(r.observedTo!)}`}</dd>
            <dt>Where</dt>
            <dd>
              {r.location.placeText ?? (s.lon !== null ? 'a point' : 'not known exactly')} ({r.location.method}
              {s.precisionM ? `, ± ${s.precisionM} m` : ''})
            </dd>
            {r.vehicle && (
              <>
                <dt>Vehicle</dt>
                <dd>{[r.vehicle.plate, r.vehicle.make, r.vehicle.colour].filter(Boolean).join(', ')}</dd>
              </>
            )}
            <dt>Contact</dt>
            <dd>{r.contact ? `${r.contact.by}${r.contact.detail ? `: ${r.contact.detail}` : ''}` : 'not said'}</dd>
          </dl>
          <h3>Known near it (400 m)</h3>
          <ul className="triage__near" data-testid="triage-near">
            {s.context.premises.map((p) => <li key={p.id}>Premises: {p.name} ({p.distanceM} m)</li>)}
            {s.context.vehicles.map((v) => <li key={v.id}>Vehicle: {v.plate} {[v.make, v.colour].filter(Boolean).join(' ')}</li>)}
            {s.context.earlier.map((e) => <li key={e.id}>Earlier report {e.reference}, {when(e.receivedAt)} ({e.distanceM} m)</li>)}
            {s.context.premises.length + s.context.vehicles.length + s.context.earlier.length === 0 && <li>Nothing known.</li>}
          </ul>
        </div>
        <div>
          <PlaceMap point={point} centre={point ?? { lon: -2.4295, lat: 53.5779 }} withBasemap label="The reported place: drag the marker or tap to correct it" onPlace={decided ? undefined : (p) => { setPoint({ ...p, precisionM: 25 }); setMoved('map'); }} />
          {!decided && <PlaceSearch label="Correct the place by search" onPick={(f) => { setPoint({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], precisionM: f.properties.precisionM }); setMoved(f.properties.kind === 'postcode' ? 'postcode' : f.properties.kind === 'street' ? 'street' : f.properties.kind === 'place' ? 'area' : 'address'); if (f.properties.premisesId) setPremisesId(f.properties.premisesId); }} />}
        </div>
      </div>

      {decided || done ? (
        <p className="triage__done" role="status" data-testid="triage-done">
          Decided: {SUBMISSION_OUTCOME_LABELS[(done?.outcome ?? s.outcome)!]}
          {done && done.sightingIds.length > 0 ? ` — ${done.sightingIds.length} sighting(s) recorded` : ''}
          {done && done.intelIds.length > 0 ? ' — intelligence recorded' : ''}
          {done && done.episodeIds.length > 0 ? ' — missing episode recorded' : ''}.
        </p>
      ) : (
        <form className="triage__form" onSubmit={onSubmit}>
          <fieldset>
            <legend>Outcome</legend>
            {(Object.keys(SUBMISSION_OUTCOME_LABELS) as SubmissionOutcome[]).map((o) => (
              <label key={o} className="triage__radio">
                <input
                  type="radio"
                  name="outcome"
                  checked={outcome === o}
                  onChange={() => {
                    setOutcome(o);
                    if (o === 'episode' && !message.trim()) setMessage(EPISODE_PARTNER_MESSAGE);
                  }}
                />{' '}
                {SUBMISSION_OUTCOME_LABELS[o]}
              </label>
            ))}
          </fieldset>
          {(outcome === 'sighting' || outcome === 'intel') && (
            <fieldset className="triage__grading">
              <legend>Grading (3x5x2)</legend>
              <GradingSelects value={grading} onChange={setGrading} />
              {outcome === 'sighting' && (
                <div className="triage__cats-pick">
                  <span>Sightings to record</span>
                  {CONCERN_CATEGORIES.map((c) => (
                    <label key={c.code} className="triage__radio">
                      <input type="checkbox" checked={categories.includes(c.code)} onChange={(e) => setCategories(e.target.checked ? [...categories, c.code] : categories.filter((x) => x !== c.code))} /> {c.label}
                    </label>
                  ))}
                </div>
              )}
              <Choose label="Link premises" value={premisesId} onChange={setPremisesId} none="none" items={s.context.premises.map((p) => ({ id: p.id, name: p.name }))}>
                {premisesId && !s.context.premises.some((p) => p.id === premisesId) && <option value={premisesId}>the premises picked</option>}
              </Choose>
              <Choose label="Link vehicle" value={vehicleId} onChange={setVehicleId} none="none" items={s.context.vehicles.map((v) => ({ id: v.id, name: v.plate }))} />
            </fieldset>
          )}
          {outcome === 'episode' && <EpisodeFields s={s} value={episode} onChange={setEpisode} error={error} />}
          {outcome === 'duplicate' && (
            <Choose label="Earlier report" value={duplicateOf} onChange={setDuplicateOf} none="choose…" items={s.context.earlier.map((e) => ({ id: e.id, name: e.reference }))} />
          )}
          {outcome === 'no_action' && (
            <label>
              Reason (for the record)
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          )}
          <label>
            Message to the partner
            <textarea rows={3} value={message} onChange={(e) => setMessage(e.target.value)} aria-invalid={Boolean(error?.fieldMessage('message'))} />
          </label>
          {outcome === 'episode' && <p className="field__hint">The partner reads this. Never name the child or say that anyone went missing.</p>}
          {error?.fieldMessage('message') && <p className="field__error">{error.fieldMessage('message')}</p>}
          {error && <ErrorMessage error={error} />}
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Decide'}
          </button>
        </form>
      )}
    </section>
  );
}

/** `datetime-local` text as an ISO instant; undefined when empty or not a time (the server then names the field). */
function instantOf(local: string): string | undefined {
  const d = new Date(local);
  return local && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

/** The episode as the decision sends it: what the analyst left at its default is left out, for the server to fill. */
function episodeBody(s: TriageItem, e: EpisodeForm): EpisodeDecision {
  const returned = e.returnedBy.startsWith('vehicle:') ? { vehicleId: e.returnedBy.slice('vehicle:'.length) } : e.returnedBy === 'subject' && e.returnedBySubject ? { subjectId: e.returnedBySubject.id } : undefined;
  const reported = e.reportedMissingAt !== reportedDefault(s) ? instantOf(e.reportedMissingAt) : undefined;
  const found = instantOf(e.foundTime);
  return {
    // Without a child the server names episode.subjectId, beside any other field at fault.
    subjectId: e.subject?.id as string,
    ...(e.missingFromPremisesId ? { missingFrom: { premisesId: e.missingFromPremisesId } } : {}),
    ...(reported ? { reportedMissingAt: reported } : {}),
    ...(found ? { foundTime: found } : {}),
    ...(e.foundAt ? { foundAt: { lon: Number(e.foundAt.lon.toFixed(6)), lat: Number(e.foundAt.lat.toFixed(6)), ...(e.foundAt.precisionM ? { precisionM: Math.round(e.foundAt.precisionM) } : {}) } } : {}),
    ...(returned ? { returnedBy: returned } : {}),
    ...(e.notes.trim() ? { notes: e.notes.trim() } : {}),
  };
}

interface ChooseProps {
  label: string;
  value: string;
  onChange: (id: string) => void;
  /** The first option's words, for no choice (value ""). */
  none: string;
  items: { id: string; name: string }[];
  /** Further options after the items. */
  children?: ReactNode;
}

/** A labelled choice of one of the records known round the report. */
function Choose({ label, value, onChange, none, items, children }: ChooseProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {items.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
        {children}
      </select>
    </label>
  );
}
