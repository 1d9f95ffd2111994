import { lazy, Suspense, type ReactNode } from 'react';
import type { ApiError, Session } from './api';
import { readsRecords } from './roles';
import { OverviewPanel } from './components/OverviewPanel';
import { PlannerNotice } from './components/PlannerNotice';
import { Workspace } from './components/Workspace';
import { ImportsPage } from './imports/ImportsPage';
import { AdminPage } from './admin/AdminPage';
import { TokensPage } from './admin/TokensPage';
import { DisruptionPage } from './disruption/DisruptionPage';
import { LicensingPage } from './licensing/LicensingPage';
import { CheckPage } from './licensing/CheckPage';
import { ReportPage as ConcernReportPage } from './partner/ReportPage';
import { MyReports } from './partner/MyReports';
import { TriagePage } from './triage/TriagePage';
import { pageOf, type Page } from './route';

/**
 * The map and MapLibre come in their own chunk, which nothing else waits for. When the
 * address is the map's, it starts loading at once, alongside the session check.
 */
const loadMap = () => import('./map/MapPage').then((m) => ({ default: m.MapPage }));
const mapChunk = pageOf(window.location.pathname) === 'map' ? loadMap() : null;
const MapPage = lazy(() => mapChunk ?? loadMap());
/** Reports draw with MapLibre too, so they come in a chunk of their own. */
const ReportPage = lazy(() => import('./reports/ReportPage').then((m) => ({ default: m.ReportPage })));

export interface PageContext {
  session: Session;
  /** The path after the page's own segment (e.g. a record id). */
  sub: string;
  onSessionProblem: (err: ApiError) => void;
  goTo: (to: Page, sub?: string) => void;
}

const loading = (what: string) => (
  <p className="loading map-loading" role="status">
    Loading {what}…
  </p>
);

/** The view of each page in `route.ts`. */
export function renderPage(page: Page, { session, sub, onSessionProblem, goTo }: PageContext): ReactNode {
  const role = session.user.role;
  switch (page) {
    case 'map':
      return (
        <Suspense fallback={loading('the map')}>
          <MapPage role={role} onSessionProblem={onSessionProblem} />
        </Suspense>
      );
    case 'overview':
      return <Workspace panel={readsRecords(role) ? <OverviewPanel role={role} onSessionProblem={onSessionProblem} /> : <PlannerNotice />} />;
    case 'imports':
      return <ImportsPage onSessionProblem={onSessionProblem} />;
    case 'disruption':
      return <DisruptionPage role={role} sub={sub} goTo={goTo} onSessionProblem={onSessionProblem} />;
    case 'tokens':
      return <TokensPage onSessionProblem={onSessionProblem} />;
    case 'licensing':
      return <LicensingPage sub={sub} goTo={goTo} onSessionProblem={onSessionProblem} />;
    case 'reports':
      return (
        <Suspense fallback={loading('reports')}>
          <ReportPage session={session} onSessionProblem={onSessionProblem} />
        </Suspense>
      );
    case 'checks':
      return <CheckPage goTo={goTo} onSessionProblem={onSessionProblem} />;
    case 'report':
      return <ConcernReportPage session={session} onSessionProblem={onSessionProblem} onShowReports={() => goTo('myReports')} />;
    case 'myReports':
      return <MyReports onSessionProblem={onSessionProblem} />;
    case 'triage':
      return <TriagePage sub={sub} goTo={(s) => goTo('triage', s)} onSessionProblem={onSessionProblem} />;
    case 'admin':
      return <AdminPage selfId={session.user.id} sub={sub} goTo={goTo} onSessionProblem={onSessionProblem} />;
  }
}

/** Pages that fill the window under the header (the map), rather than scrolling as a document. */
export const FULL_BLEED: ReadonlySet<Page> = new Set<Page>(['map']);
