import { useCallback, useEffect, useState } from 'react';
import { RECORD_READERS, SUBJECT_READERS, SUBMITTERS, TRIAGERS } from '../../server/auth/policy';
import { ROLES, type Role } from '../../server/lists';

interface PageDef {
  /** First path segment ('' for the home page); anything after it is the page's own (e.g. a record id). */
  path: string;
  label: string;
  /** Roles offered the page in the header (server/auth/policy.ts); the server still decides what each may read. */
  roles: readonly Role[];
}

/** Every role but partners, who report concerns and see their own reports only. */
const STAFF = ROLES.filter((r) => !SUBMITTERS.includes(r));
/** The server's admin-only routes (users, imports, review, audit) name the role itself. */
const ADMINS: Role[] = ['admin'];

/**
 * Every page of the app. A feature adds its page here and its view in `pages.tsx`;
 * the header's links and the router follow from this list.
 */
export const PAGES = {
  map: { path: '', label: 'Map', roles: STAFF },
  overview: { path: 'overview', label: 'Overview', roles: STAFF },
  triage: { path: 'triage', label: 'Triage', roles: TRIAGERS },
  report: { path: 'report', label: 'Report a concern', roles: SUBMITTERS },
  myReports: { path: 'my-reports', label: 'My reports', roles: SUBMITTERS },
  imports: { path: 'imports', label: 'Imports', roles: ADMINS },
  tokens: { path: 'tokens', label: 'Tokens', roles: STAFF },
  disruption: { path: 'disruption', label: 'Disruption', roles: STAFF },
  admin: { path: 'admin', label: 'Admin', roles: ADMINS },
  licensing: { path: 'licensing', label: 'Look-up', roles: RECORD_READERS },
  checks: { path: 'checks', label: 'Bulk check', roles: RECORD_READERS },
  reports: { path: 'reports', label: 'Reports', roles: STAFF },
  // People (issue 21): subjects are never shown to any restricted role.
  people: { path: 'people', label: 'People', roles: SUBJECT_READERS },
  associations: { path: 'associations', label: 'Associations', roles: SUBJECT_READERS },
  journeys: { path: 'journeys', label: 'Journeys', roles: SUBJECT_READERS },
} as const satisfies Record<string, PageDef>;

export type Page = keyof typeof PAGES;

const PAGE_NAMES = Object.keys(PAGES) as Page[];

/** The page a path shows; unknown paths show the map (the home page). */
export const pageOf = (pathname: string): Page => {
  const first = pathname.split('/').filter(Boolean)[0] ?? '';
  return PAGE_NAMES.find((p) => PAGES[p].path === first) ?? 'map';
};

/** What follows the page's own segment, e.g. `/premises/abc` → `abc`. */
export const subPathOf = (pathname: string): string => pathname.split('/').filter(Boolean).slice(1).join('/');

/** Where a role lands after signing in: licensing officers on the look-up, planners on area reports, everyone else on the map. */
export const homeOf = (role: Role): Page => (role === 'licensing' ? 'licensing' : role === 'planner' ? 'reports' : role === 'partner' ? 'report' : 'map');

export const pagesFor = (role: Role): Page[] => PAGE_NAMES.filter((p) => PAGES[p].roles.includes(role));

/** The map's query when the user last left it, so coming back restores the view. */
let lastMapSearch = '';

export const hrefOf = (page: Page, sub = ''): string => `/${[PAGES[page].path, sub].filter(Boolean).join('/')}`;

export interface Location {
  page: Page;
  /** The rest of the path after the page's segment. */
  sub: string;
}

/**
 * The current page and a way to go to another (a history entry each, so the
 * browser's back button works). A tiny router: the pages are few and flat.
 */
export function usePage(): [Location, (to: Page, sub?: string, search?: string) => void] {
  const read = (): Location => ({ page: pageOf(window.location.pathname), sub: subPathOf(window.location.pathname) });
  const [loc, setLoc] = useState<Location>(read);
  useEffect(() => {
    const onPop = () => setLoc(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // `search` (e.g. `?subject=…`) is for pages whose state is a query, such as the associations chart.
  const go = useCallback((to: Page, sub = '', search = '') => {
    if (pageOf(window.location.pathname) === 'map') lastMapSearch = window.location.search;
    const url = to === 'map' && !sub ? `${hrefOf('map')}${lastMapSearch}` : `${hrefOf(to, sub)}${search}`;
    window.history.pushState(null, '', url);
    setLoc({ page: to, sub });
  }, []);
  return [loc, go];
}
