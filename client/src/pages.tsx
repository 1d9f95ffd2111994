import { lazy, Suspense, type ReactNode } from 'react';
import type { Session } from './api';
import { RECORD_READERS } from '../../server/auth/policy';
import { OverviewPanel } from './components/OverviewPanel';
import { PlannerOverview } from './components/PlannerOverview';
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
import { SubjectsPage } from './people/SubjectsPage';
import { SubjectPage } from './people/SubjectPage';
import { JourneysPage } from './people/JourneysPage';
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
/** The link chart's page; Cytoscape.js itself comes in a further chunk the chart loads. */
const AssociationsPage = lazy(() => import('./people/AssociationsPage').then((m) => ({ default: m.AssociationsPage })));

export interface PageContext {
  session: Session;
  /** The path after the page's own segment (e.g. a record id). */
  sub: string;
  /** `search`: a query for the page (e.g. `?subject=…`). */
  goTo: (to: Page, sub?: string, search?: string) => void;
}

/** A page in a chunk of its own, with a line saying what is loading until the chunk is in. */
const inChunk = (what: string, page: ReactNode) => (
  <Suspense
    fallback={
      <p className="loading map-loading" role="status">
        Loading {what}…
      </p>
    }
  >
    {page}
  </Suspense>
);

/** The view of each page in `route.ts`. */
export function renderPage(page: Page, { session, sub, goTo }: PageContext): ReactNode {
  const role = session.user.role;
  switch (page) {
    case 'map':
      return inChunk('the map', <MapPage role={role} />);
    case 'overview':
      return <Workspace panel={RECORD_READERS.includes(role) ? <OverviewPanel role={role} /> : <PlannerOverview />} />;
    case 'imports':
      return <ImportsPage />;
    case 'disruption':
      return <DisruptionPage role={role} sub={sub} goTo={goTo} />;
    case 'tokens':
      return <TokensPage />;
    case 'licensing':
      return <LicensingPage sub={sub} goTo={goTo} />;
    case 'reports':
      return inChunk('reports', <ReportPage />);
    case 'checks':
      return <CheckPage goTo={goTo} />;
    case 'report':
      return <ConcernReportPage onShowReports={() => goTo('myReports')} />;
    case 'myReports':
      return <MyReports />;
    case 'triage':
      return <TriagePage sub={sub} goTo={(s) => goTo('triage', s)} />;
    case 'admin':
      return <AdminPage selfId={session.user.id} sub={sub} goTo={goTo} />;
    case 'people':
      return sub ? <SubjectPage key={sub} id={sub} goTo={goTo} /> : <SubjectsPage goTo={goTo} />;
    case 'associations':
      return inChunk('the link chart', <AssociationsPage goTo={goTo} />);
    case 'journeys':
      return <JourneysPage />;
  }
}

/** Pages that fill the window under the header (the map), rather than scrolling as a document. */
export const FULL_BLEED: ReadonlySet<Page> = new Set<Page>(['map']);
