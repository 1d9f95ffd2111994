import { downloadFile, getJson, postJson, type FileDownload } from '../api';
import type { AreaGeometry } from '../map/api';
import type { AreaReport, ReportFormat as ServerFormat } from '../../../server/reports/schema';

export type { AreaReport };
/** The report as a file; `json` is what the preview fetches. */
export type ReportFormat = Exclude<ServerFormat, 'json'>;

/** What a report is of: a named area, or a polygon drawn on the map. */
export type ReportTarget = { type: 'area'; id: string; name: string } | { type: 'polygon'; geometry: AreaGeometry; name: string };

/** A period as the form holds it: first and last month, `YYYY-MM`, inclusive. */
export interface MonthRange {
  from: string;
  to: string;
}

/** `2026-03` → its last day, `2026-03-31` (a day given as `to` includes the whole day). */
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

const periodParams = (p: MonthRange) => ({ from: `${p.from}-01`, to: lastDay(p.to) });

/** The report as JSON, for the preview. */
export function fetchReport(t: ReportTarget, p: MonthRange, signal?: AbortSignal): Promise<AreaReport> {
  return t.type === 'area'
    ? getJson<AreaReport>(`/api/reports/areas/${encodeURIComponent(t.id)}`, periodParams(p), signal)
    : postJson<AreaReport>('/api/reports/polygon', { geometry: t.geometry, name: t.name, ...periodParams(p) }, signal);
}

/** The report as a file (PDF, spreadsheet, CSV or GeoJSON), with the name the server gives it. */
export function downloadReport(t: ReportTarget, p: MonthRange, format: ReportFormat): Promise<FileDownload> {
  const fallback = `lantern-report.${format}`;
  return t.type === 'area'
    ? downloadFile('GET', `/api/reports/areas/${encodeURIComponent(t.id)}?${new URLSearchParams({ ...periodParams(p), format })}`, fallback)
    : downloadFile('POST', '/api/reports/polygon', fallback, { geometry: t.geometry, name: t.name, ...periodParams(p), format });
}

/** The report kept for the server's print browser (one use, by print ticket). */
export const fetchPrintReport = () => getJson<AreaReport>('/api/reports/print');
