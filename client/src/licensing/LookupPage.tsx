import { useEffect, useId, useState } from 'react';
import { useReportSessionProblem } from '../SessionContext';
import { asApiError, ApiError, isPurposeRequired, isUnauthenticated } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useFocusOnMount } from '../components/useFocusOnMount';
import { LICENCE_STATUS_LABELS, PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import type { Page } from '../route';
import { searchPremises, searchVehicles, type Vehicle } from './api';
import './licensing.css';

interface Props {
  goTo: (to: Page, sub?: string) => void;
}

/** How long typing must pause before the search runs, ms. */
const DEBOUNCE_MS = 250;

interface Found {
  text: string;
  premises: { id: string; name: string; category: keyof typeof PREMISES_CATEGORY_LABELS; address: string | null; postcode: string | null; licenceRef: string | null; licenceStatus: keyof typeof LICENCE_STATUS_LABELS }[];
  vehicles: Vehicle[];
}

/** What of the text could be a registration: letters and digits, at most 10 (as the server normalises). */
const plateOf = (text: string) => {
  const p = text.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return p.length >= 2 && p.length <= 10 && /\d/.test(p) ? p : null;
};

/**
 * The licensing officer's landing page: one box for a premises name, address, postcode,
 * licence reference or plate, searched as they type (misspellings forgiven by the server).
 */
export function LookupPage({ goTo }: Props) {
  const onSessionProblem = useReportSessionProblem();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useFocusOnMount<HTMLInputElement>();
  const hintId = useId();

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound(null);
      setBusy(false);
      return;
    }
    const abort = new AbortController();
    setBusy(true);
    const timer = window.setTimeout(() => {
      const plate = plateOf(q);
      Promise.all([searchPremises(q, abort.signal), plate ? searchVehicles(plate, abort.signal) : Promise.resolve({ items: [] as Vehicle[] })]).then(
        ([p, v]) => {
          setFound({ text: q, premises: p.features.map((f) => f.properties), vehicles: v.items });
          setError(null);
          setBusy(false);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          setBusy(false);
          if (isUnauthenticated(err) || isPurposeRequired(err)) onSessionProblem(err);
          else setError(asApiError(err, 'Search failed'));
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [text, onSessionProblem]);

  const none = found && !found.premises.length && !found.vehicles.length;
  return (
    <div className="lic lic-lookup">
      <h1>Look up a premises or a taxi</h1>
      <form role="search" className="lic-search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="lic-q">Name, address, postcode, licence reference or plate</label>
        <input
          ref={inputRef}
          id="lic-q"
          type="search"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-describedby={hintId}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. Brass Lamp Grill, bl1 1aa, ab12 cde"
        />
        <p id={hintId} className="lic-hint">
          Results appear as you type. Spelling and spacing need not be exact. <a href="/checks" onClick={(e) => { e.preventDefault(); goTo('checks'); }}>Check a list of licences or plates</a>.
        </p>
      </form>
      {error && <ErrorMessage error={error} />}
      <div aria-live="polite" className="lic-results" data-state={busy ? 'searching' : 'idle'}>
        {busy && <p className="lic-hint">Searching…</p>}
        {none && !busy && <p>Nothing found for “{found.text}”.</p>}
        {found && found.vehicles.length > 0 && (
          <section>
            <h2>Vehicles</h2>
            <ul className="lic-list">
              {found.vehicles.map((v) => (
                <li key={v.id}>
                  <a href={`/licensing/vehicles/${v.id}`} onClick={(e) => { e.preventDefault(); goTo('licensing', `vehicles/${v.id}`); }}>
                    <span className="lic-plate">{v.plate}</span> {[v.colour, v.make].filter(Boolean).join(' ')}
                  </a>
                  <span className="lic-meta">{v.licenceNo ? `Licence ${v.licenceNo}` : 'No licence number recorded'}{v.operatorName ? ` · ${v.operatorName}` : ''}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {found && found.premises.length > 0 && (
          <section>
            <h2>Premises</h2>
            <ul className="lic-list">
              {found.premises.map((p) => (
                <li key={p.id}>
                  <a href={`/licensing/premises/${p.id}`} onClick={(e) => { e.preventDefault(); goTo('licensing', `premises/${p.id}`); }}>
                    {p.name}
                  </a>
                  <span className="lic-meta">
                    {PREMISES_CATEGORY_LABELS[p.category]} · {[p.address, p.postcode].filter(Boolean).join(', ') || 'no address'}
                    {p.licenceRef ? ` · ${p.licenceRef}` : ''} · <span className={`lic-status lic-status--${p.licenceStatus}`}>{LICENCE_STATUS_LABELS[p.licenceStatus]}</span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
