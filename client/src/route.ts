import { useCallback, useEffect, useState } from 'react';

/** The app's pages, by path. The map is the home page. */
export type Page = 'map' | 'overview';

const PATHS: Record<Page, string> = { map: '/', overview: '/overview' };

export const pageOf = (pathname: string): Page => (pathname.replace(/\/+$/, '') === '/overview' ? 'overview' : 'map');

/** The map's query when the user last left it, so coming back restores the view. */
let lastMapSearch = '';

/**
 * The current page and a way to go to another (a history entry each, so the
 * browser's back button works). A tiny router: two pages need no more.
 */
export function usePage(): [Page, (to: Page) => void] {
  const [page, setPage] = useState<Page>(() => pageOf(window.location.pathname));
  useEffect(() => {
    const onPop = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: Page) => {
    if (pageOf(window.location.pathname) === 'map') lastMapSearch = window.location.search;
    const url = to === 'map' ? `${PATHS.map}${lastMapSearch}` : PATHS[to];
    window.history.pushState(null, '', url);
    setPage(to);
  }, []);
  return [page, go];
}

export const hrefOf = (page: Page): string => PATHS[page];
