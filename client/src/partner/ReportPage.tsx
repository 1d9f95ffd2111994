import { useEffect, useState, type FormEvent } from 'react';
import { CONCERN_CATEGORIES } from '../../../server/lists';
import { asApiError, type ApiError } from '../api';
import { useSession } from '../SessionContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { PlaceMap } from './PlaceMap';
import { PlaceSearch } from './PlaceSearch';
import { submitReport, type PlaceFeature, type ReportBody } from './api';
import './partner.css';
import { DateInput } from '../components/DateInput';

/** The form as typed: everything a partner may fill, kept in local storage until it is sent. */
interface Draft {
  categories: string[];
  description: string;
  when: 'at' | 'between';
  at: string;
  from: string;
  to: string;
  where: 'search' | 'map' | 'gps' | 'unknown' | null;
  point: { lon: number; lat: number; precisionM?: number | undefined } | null;
  placeText: string;
  placeKind: PlaceFeature['properties']['kind'] | null;
  unknownText: string;
  plate: string;
  make: string;
  colour: string;
  premises: { id: string; name: string } | null;
  contactBy: 'email' | 'phone' | 'none';
  contactDetail: string;
}

const EMPTY: Draft = {
  categories: [], description: '', when: 'at', at: '', from: '', to: '', where: null, point: null, placeText: '', placeKind: null,
  unknownText: '', plate: '', make: '', colour: '', premises: null, contactBy: 'email', contactDetail: '',
};

/** The demo town's centre, where the map opens before a place is chosen. */
const TOWN = { lon: -2.4295, lat: 53.5779 };
/** How long to wait before each retry after a network failure, milliseconds. */
const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];

const draftKey = (userId: string) => `lantern.report-draft.${userId}`;
const sendingKey = (userId: string) => `lantern.report-sending.${userId}`;

function loadDraft(userId: string): Draft {
  try {
    const raw = localStorage.getItem(draftKey(userId));
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<Draft>) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

/** A datetime-local value (the browser's wall clock) as an ISO instant. */
const instant = (local: string) => new Date(local).toISOString();

/** The request body of a draft, or the fields still missing. */
function bodyOf(d: Draft): { body?: ReportBody; missing: string[] } {
  const missing: string[] = [];
  if (!d.categories.length) missing.push('what you saw (pick at least one)');
  if (!d.description.trim()) missing.push('a description');
  if (d.when === 'at' && !d.at) missing.push('when it happened');
  if (d.when === 'between' && (!d.from || !d.to)) missing.push('the start and end of the time window');
  if (!d.where) missing.push('where it happened');
  if (d.where && d.where !== 'unknown' && !d.point) missing.push('the place (search, tap the map or use your location)');
  if (d.where === 'unknown' && !d.unknownText.trim()) missing.push('a description of the place');
  if (missing.length) return { missing };
  const location: ReportBody['location'] =
    d.where === 'unknown'
      ? { method: 'unknown', placeText: d.unknownText.trim() }
      : {
          method: d.where!,
          lat: Number(d.point!.lat.toFixed(6)),
          lon: Number(d.point!.lon.toFixed(6)),
          ...(d.point!.precisionM ? { precisionM: Math.max(1, Math.round(d.point!.precisionM)) } : {}),
          ...(d.placeText ? { placeText: d.placeText } : {}),
          ...(d.where === 'search' && d.placeKind ? { placeKind: d.placeKind } : {}),
        };
  const body: ReportBody = {
    categories: d.categories,
    description: d.description.trim(),
    ...(d.when === 'at' ? { observedAt: instant(d.at) } : { observedFrom: instant(d.from), observedTo: instant(d.to) }),
    location,
    ...(d.plate.trim() ? { vehicle: { plate: d.plate.trim(), ...(d.make.trim() ? { make: d.make.trim() } : {}), ...(d.colour.trim() ? { colour: d.colour.trim() } : {}) } } : {}),
    ...(d.premises ? { premisesId: d.premises.id } : {}),
    contact: { by: d.contactBy, ...(d.contactBy !== 'none' && d.contactDetail.trim() ? { detail: d.contactDetail.trim() } : {}) },
  };
  return { body, missing };
}

type Sending = { state: 'idle' } | { state: 'sending'; attempt: number } | { state: 'waiting'; attempt: number; inS: number } | { state: 'sent'; reference: string } | { state: 'failed'; error: ApiError };

interface Props {
  onShowReports: () => void;
}

/**
 * "Report a concern": one page for partners, made for a phone first. Nothing here needs
 * the map; the draft survives a reload, and a report is retried until the server has it.
 */
export function ReportPage({ onShowReports }: Props) {
  const { session, onSessionProblem } = useSession();
  const userId = session.user.id;
  const [d, setD] = useState<Draft>(() => loadDraft(userId));
  const [missing, setMissing] = useState<string[]>([]);
  const [sending, setSending] = useState<Sending>({ state: 'idle' });
  const [gpsNote, setGpsNote] = useState('');
  const set = (patch: Partial<Draft>) => setD((v) => ({ ...v, ...patch }));

  useEffect(() => {
    if (sending.state === 'idle') localStorage.setItem(draftKey(userId), JSON.stringify(d));
  }, [d, userId, sending.state]);

  /** Sends (or re-sends) the body; network failures wait and try again, other errors stop. */
  async function send(body: ReportBody) {
    localStorage.setItem(sendingKey(userId), JSON.stringify(body));
    for (let attempt = 1; ; attempt++) {
      setSending({ state: 'sending', attempt });
      try {
        const made = await submitReport(body);
        localStorage.removeItem(sendingKey(userId));
        localStorage.removeItem(draftKey(userId));
        setD(EMPTY);
        setSending({ state: 'sent', reference: made.reference });
        return;
      } catch (err) {
        const e = asApiError(err, 'Not sent');
        onSessionProblem(e);
        if (e.status !== 0 && e.status !== 503) {
          localStorage.removeItem(sendingKey(userId));
          setSending({ state: 'failed', error: e });
          return;
        }
        const wait = RETRY_MS[Math.min(attempt - 1, RETRY_MS.length - 1)]!;
        setSending({ state: 'waiting', attempt, inS: Math.round(wait / 1000) });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  // A report that was being sent when the page closed is sent again on return.
  useEffect(() => {
    const pending = localStorage.getItem(sendingKey(userId));
    if (pending) void send(JSON.parse(pending) as ReportBody);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { body, missing } = bodyOf(d);
    setMissing(missing);
    if (body) void send(body);
  }

  function useMyLocation() {
    set({ where: 'gps', point: null, placeText: '', placeKind: null });
    if (!('geolocation' in navigator)) {
      setGpsNote('This device cannot give its location. Search or tap the map instead.');
      return;
    }
    setGpsNote('Finding where you are…');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        set({ where: 'gps', point: { lon: p.coords.longitude, lat: p.coords.latitude, precisionM: Math.max(1, Math.round(p.coords.accuracy)) } });
        setGpsNote(`Found, to within about ${Math.round(p.coords.accuracy)} m.`);
      },
      () => setGpsNote('Your location could not be found. Search or tap the map instead.'),
      { enableHighAccuracy: true, timeout: 15000 },
    );
  }

  if (sending.state === 'sent') {
    return (
      <div className="partner card card--narrow">
        <h1>Thank you: your report was sent</h1>
        <p className="partner__reference" data-testid="reference">
          Your reference is <strong>{sending.reference}</strong>
        </p>
        <p>The police will look at it. You can see what happens under “My reports”.</p>
        <div className="partner__actions">
          <button type="button" className="button" onClick={() => setSending({ state: 'idle' })}>
            Report another concern
          </button>
          <button type="button" className="partner__way" onClick={onShowReports}>
            My reports
          </button>
        </div>
      </div>
    );
  }

  const busy = sending.state === 'sending' || sending.state === 'waiting';
  const where = d.where;
  return (
    <form className="partner card" onSubmit={onSubmit} noValidate>
      <h1>Report a concern</h1>
      <p className="hint">Tell us what you saw. You do not need to be sure; the police will decide what to do with it. If a child is in danger now, call 999.</p>

      <fieldset>
        <legend>What did you see?</legend>
        <div className="partner__choices">
          {CONCERN_CATEGORIES.map((c) => (
            <label key={c.code} className="partner__choice">
              <input
                type="checkbox"
                checked={d.categories.includes(c.code)}
                onChange={(e) => set({ categories: e.target.checked ? [...d.categories, c.code] : d.categories.filter((x) => x !== c.code) })}
              />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
        <label htmlFor="report-description">Describe what happened</label>
        <textarea id="report-description" rows={5} maxLength={5000} value={d.description} onChange={(e) => set({ description: e.target.value })} />
      </fieldset>

      <fieldset>
        <legend>When?</legend>
        <div className="partner__choices partner__choices--row">
          <label className="partner__choice">
            <input type="radio" name="when" checked={d.when === 'at'} onChange={() => set({ when: 'at' })} />
            <span>At a time</span>
          </label>
          <label className="partner__choice">
            <input type="radio" name="when" checked={d.when === 'between'} onChange={() => set({ when: 'between' })} />
            <span>Some time between…</span>
          </label>
        </div>
        {d.when === 'at' ? (
          <>
            <label htmlFor="report-at">Date and time</label>
            <DateInput id="report-at" kind="datetime" value={d.at} onChange={(at) => set({ at })} />
          </>
        ) : (
          <div className="partner__pair">
            <div>
              <label htmlFor="report-from">From</label>
              <DateInput id="report-from" kind="datetime" value={d.from} onChange={(from) => set({ from })} />
            </div>
            <div>
              <label htmlFor="report-to">To</label>
              <DateInput id="report-to" kind="datetime" value={d.to} onChange={(to) => set({ to })} />
            </div>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Where?</legend>
        <div className="partner__ways">
          <button type="button" className={where === 'search' ? 'partner__way partner__way--on' : 'partner__way'} aria-pressed={where === 'search'} onClick={() => set({ where: 'search', point: null })}>
            Search a postcode or place
          </button>
          <button type="button" className={where === 'map' ? 'partner__way partner__way--on' : 'partner__way'} aria-pressed={where === 'map'} onClick={() => set({ where: 'map', point: null, placeText: '', placeKind: null })}>
            Tap the map
          </button>
          <button type="button" className={where === 'gps' ? 'partner__way partner__way--on' : 'partner__way'} aria-pressed={where === 'gps'} onClick={useMyLocation}>
            Use my location
          </button>
          <button type="button" className={where === 'unknown' ? 'partner__way partner__way--on' : 'partner__way'} aria-pressed={where === 'unknown'} onClick={() => set({ where: 'unknown', point: null, placeText: '', placeKind: null })}>
            I don’t know exactly
          </button>
        </div>
        {where === 'search' && (
          <PlaceSearch
            label="Postcode, street, place or business name"
            onPick={(f) => set({ point: { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], precisionM: f.properties.precisionM }, placeText: f.properties.name, placeKind: f.properties.kind, ...(f.properties.premisesId ? { premises: { id: f.properties.premisesId, name: f.properties.name } } : {}) })}
          />
        )}
        {where === 'map' && (
          <PlaceMap point={d.point} centre={TOWN} withBasemap={false} label="Tap where it happened" onPlace={(p) => set({ point: { ...p, precisionM: 50 } })} />
        )}
        {where === 'gps' && <p role="status">{gpsNote}</p>}
        {where === 'unknown' && (
          <>
            <label htmlFor="report-where-words">Describe the place as best you can</label>
            <textarea id="report-where-words" rows={3} maxLength={500} value={d.unknownText} onChange={(e) => set({ unknownText: e.target.value })} />
          </>
        )}
        {where && where !== 'unknown' && d.point && (
          <p className="partner__chosen" data-testid="chosen-place">
            {d.placeText || 'Point chosen'}
            {d.point.precisionM ? ` (to within about ${d.point.precisionM} m)` : ''}
          </p>
        )}
      </fieldset>

      <details className="partner__optional" open={Boolean(d.plate || d.premises)}>
        <summary>A vehicle or a business (optional)</summary>
        <div className="partner__pair">
          <div>
            <label htmlFor="report-plate">Number plate</label>
            <input id="report-plate" value={d.plate} maxLength={12} autoCapitalize="characters" onChange={(e) => set({ plate: e.target.value })} />
          </div>
          <div>
            <label htmlFor="report-make">Make</label>
            <input id="report-make" value={d.make} maxLength={60} onChange={(e) => set({ make: e.target.value })} />
          </div>
          <div>
            <label htmlFor="report-colour">Colour</label>
            <input id="report-colour" value={d.colour} maxLength={40} onChange={(e) => set({ colour: e.target.value })} />
          </div>
        </div>
        {d.premises ? (
          <p className="partner__chosen">
            Business: {d.premises.name}{' '}
            <button type="button" className="partner__way" onClick={() => set({ premises: null })}>
              Remove
            </button>
          </p>
        ) : (
          <PlaceSearch label="Business or venue (hotel, take-away, taxi firm…)" kinds={['premises']} onPick={(f) => f.properties.premisesId && set({ premises: { id: f.properties.premisesId, name: f.properties.name } })} />
        )}
      </details>

      <fieldset>
        <legend>May the police contact you about this?</legend>
        <div className="partner__choices partner__choices--row">
          {(['email', 'phone', 'none'] as const).map((by) => (
            <label key={by} className="partner__choice">
              <input type="radio" name="contact" checked={d.contactBy === by} onChange={() => set({ contactBy: by })} />
              <span>{by === 'email' ? 'By email' : by === 'phone' ? 'By phone' : 'No, please don’t'}</span>
            </label>
          ))}
        </div>
        {d.contactBy !== 'none' && (
          <>
            <label htmlFor="report-contact">{d.contactBy === 'email' ? 'Email address (if not your work one)' : 'Phone number'}</label>
            <input id="report-contact" value={d.contactDetail} maxLength={200} onChange={(e) => set({ contactDetail: e.target.value })} />
          </>
        )}
      </fieldset>

      {missing.length > 0 && (
        <div className="partner__missing" role="alert">
          <p>Please add:</p>
          <ul>
            {missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {sending.state === 'failed' && <ErrorMessage error={sending.error} />}
      {sending.state === 'waiting' && (
        <p className="partner__retry" role="status">
          Not sent yet: the connection failed. Trying again in {sending.inS} s (attempt {sending.attempt + 1}). Your report is kept on this device.
        </p>
      )}
      <button type="submit" className="button partner__send" disabled={busy}>
        {busy ? 'Sending…' : 'Send report'}
      </button>
    </form>
  );
}
