import { useCallback, useEffect, useState } from 'react';
import { formatMapUrl, parseMapUrl, type MapUrlState } from './urlState';

/**
 * The map's state, held in the address bar's query: read once on arrival, written
 * back (replacing the history entry) on every change, re-read on back/forward.
 * Returns the state, a setter taking an updater, and what the arriving link got wrong.
 */
export function useUrlState(): [MapUrlState, (update: (s: MapUrlState) => MapUrlState) => void, string[]] {
  const [initial] = useState(() => parseMapUrl(window.location.search));
  const [state, setState] = useState<MapUrlState>(initial.state);

  useEffect(() => {
    const query = formatMapUrl(state);
    if (query !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${query}${window.location.hash}`);
    }
  }, [state]);

  useEffect(() => {
    const onPop = () => setState(parseMapUrl(window.location.search).state);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback((fn: (s: MapUrlState) => MapUrlState) => setState(fn), []);
  return [state, update, initial.problems];
}
