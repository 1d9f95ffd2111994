import { closePrintBrowser } from '../print/chromium.js';
import type { PrintDesk } from '../print/desk.js';
import type { Request } from 'express';
import type { AreaReport } from './schema.js';

/** What the print page's map drew: Lantern's street basemap, and the road names on it. */
export interface PrintedMap {
  streets: boolean;
  /** Distinct names of the roads drawn on the map, sorted */
  roadNames: string[];
}

/**
 * The PDF of a report: the client's report page (`/reports/print`) printed by the
 * shared print desk (server/print/), A4 portrait, the marking, area and period on every
 * page. Also says what the map drew (from the page's `data-basemap` and `data-road-names`).
 */
export async function printReport(desk: PrintDesk<AreaReport>, req: Request, report: AreaReport, owner: { userId: string | null; purpose: string | null }): Promise<{ pdf: Buffer; map: PrintedMap }> {
  const { pdf, seen } = await desk.print(req, report, owner, {
    path: '/reports/print',
    what: 'report',
    heads: { marking: report.marking, subject: `${report.area.name} · ${report.period.label}`, generatedAt: report.generatedAt, timeZone: report.timeZone },
    inspect: (page) =>
      page
        .$eval('[data-testid="report-map"]', (el) => ({ basemap: el.getAttribute('data-basemap'), names: el.getAttribute('data-road-names') ?? '' }))
        .catch(() => ({ basemap: null, names: '' })),
  });
  const drawn = seen ?? { basemap: null, names: '' };
  return { pdf, map: { streets: drawn.basemap === 'streets', roadNames: drawn.names ? drawn.names.split('|') : [] } };
}

/** Closes the print browser (shared by reports and profiles), if one was launched. */
export const closeReportBrowser = closePrintBrowser;
