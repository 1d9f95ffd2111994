import { useEffect, useId, useState } from 'react';
import { asApiError, type ApiError } from '../api';
import { PlaceSearch } from '../partner/PlaceSearch';
import { createChild, searchSubjects, type SubjectSummary, type TriageItem } from './api';

/** The episode part of a triage decision as the form holds it; times are `datetime-local` text in the browser's zone. */
export interface EpisodeForm {
  subject: SubjectSummary | null;
  /** "" for the report's place, else the id of premises known near it. */
  missingFromPremisesId: string;
  reportedMissingAt: string;
  foundTime: string;
  foundAt: { lon: number; lat: number; precisionM?: number; name: string } | null;
  /** "" none, "vehicle:<id>" or "subject:<id>". */
  returnedBy: string;
  returnedBySubject: SubjectSummary | null;
  notes: string;
}

/** `datetime-local` text (browser's zone) of an instant. */
export function localInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** When the report says it was seen (else received): what the episode's report time defaults to. */
export const reportedDefault = (s: TriageItem) => localInput(s.report.observedAt ?? s.report.observedFrom ?? s.receivedAt);

export const emptyEpisode = (s: TriageItem): EpisodeForm => ({
  subject: null,
  missingFromPremisesId: '',
  reportedMissingAt: reportedDefault(s),
  foundTime: '',
  foundAt: null,
  returnedBy: '',
  returnedBySubject: null,
  notes: '',
});

/** Kinds an episode's child may be (a constant: it is a search effect's dependency). */
const CHILD: SubjectSummary['kind'][] = ['child_at_risk'];

const subjectLine = (x: SubjectSummary) => [x.ref, x.displayName, x.description].filter(Boolean).join(' — ');

interface Props {
  s: TriageItem;
  value: EpisodeForm;
  onChange: (v: EpisodeForm) => void;
  /** The last refusal: its `episode.*` messages are shown by their fields. */
  error: ApiError | null;
}

/** The missing episode a report becomes: the child, where from and when, and, if known, where found and how they came back. */
export function EpisodeFields({ s, value, onChange, error }: Props) {
  const set = (patch: Partial<EpisodeForm>) => onChange({ ...value, ...patch });
  const msg = (path: string) => error?.errors?.find((e) => e.path === `episode.${path}` || e.path.startsWith(`episode.${path}.`))?.message;
  return (
    <fieldset className="triage__episode" data-testid="triage-episode">
      <legend>Missing episode</legend>
      <SubjectPick
        label="Child at risk"
        kinds={CHILD}
        value={value.subject}
        onChange={(subject) => set({ subject })}
        error={msg('subjectId')}
        allowNew
      />
      <label>
        Missing from
        <select value={value.missingFromPremisesId} onChange={(e) => set({ missingFromPremisesId: e.target.value })} aria-invalid={Boolean(msg('missingFrom'))}>
          <option value="">the report’s place{s.lon === null ? ' (not known: place it on the map)' : ''}</option>
          {s.context.premises.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.distanceM} m)
            </option>
          ))}
        </select>
      </label>
      <FieldError message={msg('missingFrom')} />
      <label>
        Reported missing
        <input type="datetime-local" value={value.reportedMissingAt} onChange={(e) => set({ reportedMissingAt: e.target.value })} required aria-invalid={Boolean(msg('reportedMissingAt'))} />
      </label>
      <FieldError message={msg('reportedMissingAt')} />
      <label>
        Found (optional)
        <input type="datetime-local" value={value.foundTime} onChange={(e) => set({ foundTime: e.target.value })} aria-invalid={Boolean(msg('foundTime'))} />
      </label>
      <FieldError message={msg('foundTime')} />
      {value.foundAt ? (
        <p>
          Found at: {value.foundAt.name}{' '}
          <button type="button" className="button button--secondary" onClick={() => set({ foundAt: null })}>
            Clear
          </button>
        </p>
      ) : (
        <PlaceSearch
          label="Found at (optional)"
          onPick={(f) => set({ foundAt: { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], precisionM: f.properties.precisionM, name: f.properties.name } })}
        />
      )}
      <FieldError message={msg('foundAt')} />
      <label>
        Returned by (optional)
        <select value={value.returnedBy} onChange={(e) => set({ returnedBy: e.target.value })} aria-invalid={Boolean(msg('returnedBy'))}>
          <option value="">not known</option>
          {s.context.vehicles.map((v) => (
            <option key={v.id} value={`vehicle:${v.id}`}>
              Vehicle {v.plate}
            </option>
          ))}
          <option value="subject">a person…</option>
        </select>
      </label>
      {value.returnedBy === 'subject' && (
        <SubjectPick label="Who brought them back" value={value.returnedBySubject} onChange={(returnedBySubject) => set({ returnedBySubject })} error={undefined} />
      )}
      <FieldError message={msg('returnedBy')} />
      <label>
        Return-interview notes (analysts only; never shown to the partner)
        <textarea rows={3} value={value.notes} onChange={(e) => set({ notes: e.target.value })} maxLength={10_000} aria-invalid={Boolean(msg('notes'))} />
      </label>
      <FieldError message={msg('notes')} />
    </fieldset>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? <p className="field__error">{message}</p> : null;
}

interface PickProps {
  label: string;
  /** Kinds shown; all when absent. */
  kinds?: SubjectSummary['kind'][];
  value: SubjectSummary | null;
  onChange: (s: SubjectSummary | null) => void;
  error: string | undefined;
  /** Offer "new child at risk" when the force holds none yet. */
  allowNew?: boolean;
}

/** A subject chosen by searching (GET /api/subjects?q=), or, for the child, made there and then. */
function SubjectPick({ label, kinds, value, onChange, error, allowNew }: PickProps) {
  const id = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<SubjectSummary[]>([]);
  const [state, setState] = useState<'idle' | 'searching' | 'none'>('idle');
  const [searchError, setSearchError] = useState<ApiError | null>(null);
  const [adding, setAdding] = useState(false);
  const [ref, setRef] = useState('');
  const [description, setDescription] = useState('');
  const [addError, setAddError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (q.trim().length < 2) {
      setResults([]);
      setState('idle');
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setState('searching');
      searchSubjects(q.trim(), ctl.signal).then(
        (page) => {
          const found = page.items.filter((x) => !kinds || kinds.includes(x.kind));
          setResults(found);
          setState(found.length ? 'idle' : 'none');
          setSearchError(null);
        },
        (err) => {
          if (!ctl.signal.aborted) {
            setSearchError(asApiError(err, 'Search failed'));
            setState('idle');
          }
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, kinds]); // kinds: a module constant, so the search runs on typing only

  async function add() {
    setSaving(true);
    setAddError(null);
    try {
      const made = await createChild({ description: description.trim(), ...(ref.trim() ? { ref: ref.trim() } : {}) });
      onChange({ id: made.id, kind: 'child_at_risk', ref: ref.trim() || null, description: description.trim(), repeatMissing: false });
      setAdding(false);
      setRef('');
      setDescription('');
    } catch (err) {
      setAddError(asApiError(err, 'Not saved'));
    } finally {
      setSaving(false);
    }
  }

  if (value) {
    return (
      <div>
        {label}: <strong data-testid="triage-episode-subject">{subjectLine(value)}</strong>
        {value.repeatMissing && <strong> (repeat missing)</strong>}{' '}
        <button type="button" className="button button--secondary" onClick={() => onChange(null)}>
          Change
        </button>
        {error && <p className="field__error">{error}</p>}
      </div>
    );
  }
  return (
    <div className="triage__pick">
      <label htmlFor={id}>{label}: search by reference or description</label>
      <input id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} />
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
      {state === 'searching' && <p role="status">Searching…</p>}
      {state === 'none' && <p role="status">No match.</p>}
      {searchError && <p className="field__error">{searchError.detail}</p>}
      {results.length > 0 && (
        <ul className="triage__pick-list">
          {results.map((x) => (
            <li key={x.id}>
              <button type="button" className="triage__item" onClick={() => onChange(x)}>
                {subjectLine(x)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {allowNew && !adding && (
        <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
          New child at risk
        </button>
      )}
      {allowNew && adding && (
        <div className="triage__new-child" data-testid="triage-new-child">
          <label>
            Force reference (optional)
            <input value={ref} onChange={(e) => setRef(e.target.value)} maxLength={100} aria-invalid={Boolean(addError?.fieldMessage('ref'))} />
          </label>
          {addError?.fieldMessage('ref') && <p className="field__error">{addError.fieldMessage('ref')}</p>}
          <label>
            Short description (no name)
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} aria-invalid={Boolean(addError?.fieldMessage('description'))} />
          </label>
          {addError?.fieldMessage('description') && <p className="field__error">{addError.fieldMessage('description')}</p>}
          {addError && !addError.errors?.length && <p className="field__error">{addError.detail}</p>}
          <div>
            <button type="button" className="button" disabled={saving || !description.trim()} onClick={() => void add()}>
              {saving ? 'Saving…' : 'Add child at risk'}
            </button>{' '}
            <button type="button" className="button button--secondary" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
