import { useCallback, useEffect, useRef, useState } from 'react';
import { formatMapUrl, parseMapUrl, type MapUrlState } from './urlState';

/**
 * The map's state, held in the address bar's query: read once on arrival, written
 * back on every change, re-read on back/forward. A view change replaces the history
 * entry; opening a record adds one, so that the browser's back button closes it.
 * Returns the state, a setter taking an updater, and what the arriving link got wrong.
 */
export function useUrlState(): [MapUrlState, (update: (s: MapUrlState) => MapUrlState) => void, string[]] {
  const [initial] = useState(() => parseMapUrl(window.location.search));
  const [state, setState] = useState<MapUrlState>(initial.state);
  // The record the address bar shows: a new one (not a closed one) is a new history entry.
  const shownRecord = useRef(initial.state.record);

  useEffect(() => {
    const query = formatMapUrl(state);
    if (query === window.location.search) return;
    const url = `${window.location.pathname}${query}${window.location.hash}`;
    if (state.record && state.record !== shownRecord.current) window.history.pushState(null, '', url);
    else window.history.replaceState(window.history.state, '', url);
    shownRecord.current = state.record;
  }, [state]);

  useEffect(() => {
    const onPop = () => {
      const next = parseMapUrl(window.location.search).state;
      shownRecord.current = next.record;
      setState(next);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback((fn: (s: MapUrlState) => MapUrlState) => setState(fn), []);
  return [state, update, initial.problems];
}
