import { useEffect, useId, useState } from 'react';
import { PLACE_KIND_LABELS } from '../../../server/labels';
import { searchPlaces, type PlaceFeature } from './api';

interface Props {
  label: string;
  hint?: string;
  /** Only these kinds are offered (e.g. premises only). */
  kinds?: readonly PlaceFeature['properties']['kind'][];
  onPick: (place: PlaceFeature) => void;
}

/** A search box over the gazetteer and premises names; results are large buttons, easy to tap. */
export function PlaceSearch({ label, hint, kinds, onPick }: Props) {
  const id = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PlaceFeature[]>([]);
  const [state, setState] = useState<'idle' | 'searching' | 'none' | 'error'>('idle');

  useEffect(() => {
    if (!/[a-z0-9]/i.test(q)) {
      setResults([]);
      setState('idle');
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setState('searching');
      searchPlaces(q, ctl.signal).then(
        (fc) => {
          const found = fc.features.filter((f) => !kinds || kinds.includes(f.properties.kind));
          setResults(found);
          setState(found.length ? 'idle' : 'none');
        },
        (err: unknown) => {
          if (!(err instanceof DOMException && err.name === 'AbortError')) setState('error');
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, kinds]);

  return (
    <div className="place-search">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="hint">{hint}</p>}
      <input id={id} type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)} />
      <p className="place-search__state" role="status">
        {state === 'searching' ? 'Searching…' : state === 'none' ? 'Nothing found. Try a postcode, a street or a place name.' : state === 'error' ? 'Search is not available just now.' : ''}
      </p>
      {results.length > 0 && (
        <ul className="place-search__results">
          {results.map((f, i) => (
            <li key={`${f.properties.name}-${i}`}>
              <button
                type="button"
                className="place-search__hit"
                onClick={() => {
                  onPick(f);
                  setQ('');
                }}
              >
                <span className="place-search__name">{f.properties.name}</span>
                <span className="place-search__kind">{PLACE_KIND_LABELS[f.properties.kind]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
