import { useState, type FormEvent } from 'react';
import { PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { PickList } from '../components/PickList';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { createEpisode, findPremises, messageFor, type NewEpisode } from './api';

interface Props {
  subjectId: string;
  /** After the episode is recorded: the page reloads its list and the repeat-missing flag. */
  recorded: (id: string) => void;
}

type From = 'premises' | 'point';

/** Every field the server may name; anything else is shown above the form. */
const FIELD_PATHS = ['subjectId', 'missingFrom', 'reportedMissingAt', 'foundTime', 'foundAt', 'returnedBy', 'notes'];

/** A number typed into a box, or undefined when the box is empty (the server says what is wrong with the rest). */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));

/** Wall-clock `YYYY-MM-DDTHH:MM` from the date box as an instant. */
const instant = (local: string): string => (local ? new Date(local).toISOString() : '');

/**
 * "Record a missing episode": missing from a premises (found by name or postcode) or a
 * point (a home address, which is a sensitive site: stored, never drawn or named for
 * restricted roles); when reported missing; when and where found; the return interview.
 */
export function EpisodeForm({ subjectId, recorded }: Props) {
  const [from, setFrom] = useState<From>('premises');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);
  const [fromLat, setFromLat] = useState('');
  const [fromLon, setFromLon] = useState('');
  const [reported, setReported] = useState('');
  const [foundTime, setFoundTime] = useState('');
  const [foundLat, setFoundLat] = useState('');
  const [foundLon, setFoundLon] = useState('');
  const [precision, setPrecision] = useState('');
  const [notes, setNotes] = useState('');
  const [done, setDone] = useState(false);
  const { pending, error, run } = useSubmit('The episode was not recorded');

  const q = query.trim();
  const results = useRemote(from === 'premises' && q.length >= 2 ? `premises:${q}` : null, async (s) =>
    (await findPremises(q, s)).features.map((f) => ({
      id: String(f.id),
      label: `${f.properties.name} (${PREMISES_CATEGORY_LABELS[f.properties.category] ?? f.properties.category}${f.properties.postcode ? `, ${f.properties.postcode}` : ''})`,
    })),
  );

  const body = (): NewEpisode => {
    const lat = num(foundLat);
    const lon = num(foundLon);
    const p = num(precision);
    return {
      subjectId,
      missingFrom: from === 'premises' ? { premisesId: picked?.id ?? '' } : { lat: num(fromLat) ?? NaN, lon: num(fromLon) ?? NaN },
      reportedMissingAt: instant(reported),
      ...(foundTime ? { foundTime: instant(foundTime) } : {}),
      ...(lat !== undefined || lon !== undefined ? { foundAt: { lat: lat ?? NaN, lon: lon ?? NaN, ...(p !== undefined ? { precisionM: p } : {}) } } : {}),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void run(async () => {
      const { id } = await createEpisode(body());
      setPicked(null);
      setQuery('');
      setFromLat('');
      setFromLon('');
      setReported('');
      setFoundTime('');
      setFoundLat('');
      setFoundLon('');
      setPrecision('');
      setNotes('');
      setDone(true);
      recorded(id);
    });
  };

  const formLevel = error && !(error.errors ?? []).some((e) => FIELD_PATHS.some((p) => e.path === p || e.path.startsWith(`${p}.`)));

  return (
    <form className="panel people-form people-episode-form" onSubmit={submit} aria-labelledby="episode-form-heading" noValidate>
      <h2 id="episode-form-heading">Record a missing episode</h2>
      {formLevel && (
        <p className="message message--error" role="alert">
          {error.detail}
        </p>
      )}
      {done && (
        <p className="message message--info" role="status">
          Episode recorded.
        </p>
      )}
      <fieldset className="control-group">
        <legend>Missing from</legend>
        <label className="check">
          <input type="radio" name="episode-from" checked={from === 'premises'} onChange={() => setFrom('premises')} /> A premises (a children’s home, a school…)
        </label>
        <label className="check">
          <input type="radio" name="episode-from" checked={from === 'point'} onChange={() => setFrom('point')} /> A point, such as a home address
        </label>
      </fieldset>
      {from === 'premises' ? (
        <>
          <Field id="episode-premises" label="Find the premises (name or postcode)" error={messageFor(error, 'missingFrom')}>
            {(a) => <input {...a} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />}
          </Field>
          {results.data || results.loading || results.error ? (
            <PickList results={results} name="episode-premises-picked" picked={picked} onPick={setPicked} className="people-results" label="Premises that match" />
          ) : null}
        </>
      ) : (
        <div className="people-form__pair">
          <Field id="episode-from-lat" label="Latitude" hint="e.g. 53.578" error={messageFor(error, 'missingFrom.lat', 'missingFrom')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={fromLat} onChange={(e) => setFromLat(e.target.value)} />}
          </Field>
          <Field id="episode-from-lon" label="Longitude" hint="e.g. -2.429" error={messageFor(error, 'missingFrom.lon')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={fromLon} onChange={(e) => setFromLon(e.target.value)} />}
          </Field>
        </div>
      )}
      <Field id="episode-reported" label="Reported missing" error={messageFor(error, 'reportedMissingAt')}>
        {(a) => <DateInput {...a} kind="datetime" required value={reported} onChange={setReported} />}
      </Field>
      <Field id="episode-found-time" label="Found (optional)" error={messageFor(error, 'foundTime')}>
        {(a) => <DateInput {...a} kind="datetime" value={foundTime} onChange={setFoundTime} />}
      </Field>
      <fieldset className="control-group">
        <legend>Found at (optional)</legend>
        <div className="people-form__pair">
          <Field id="episode-found-lat" label="Latitude" error={messageFor(error, 'foundAt.lat', 'foundAt')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={foundLat} onChange={(e) => setFoundLat(e.target.value)} />}
          </Field>
          <Field id="episode-found-lon" label="Longitude" error={messageFor(error, 'foundAt.lon')}>
            {(a) => <input {...a} type="text" inputMode="decimal" value={foundLon} onChange={(e) => setFoundLon(e.target.value)} />}
          </Field>
          <Field id="episode-found-precision" label="Within (metres)" error={messageFor(error, 'foundAt.precisionM')}>
            {(a) => <input {...a} type="number" min={1} max={100000} value={precision} onChange={(e) => setPrecision(e.target.value)} />}
          </Field>
        </div>
      </fieldset>
      <Field id="episode-notes" label="Return interview notes (optional)" hint="Seen by analysts and admins only." error={messageFor(error, 'notes')}>
        {(a) => <textarea {...a} rows={3} maxLength={10000} value={notes} onChange={(e) => setNotes(e.target.value)} />}
      </Field>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? 'Recording…' : 'Record episode'}
      </button>
    </form>
  );
}
