import { ApiError, csrfHeaders, getJson, postJson, problemOfResponse } from '../api';
import type { AreaGeometry } from '../map/api';
import type { AreaReport, ReportFormat } from './types';

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

/** The report as a file (PDF, CSV or GeoJSON), with the name the server gives it. */
export async function downloadReport(t: ReportTarget, p: MonthRange, format: ReportFormat): Promise<{ blob: Blob; fileName: string }> {
  const params = new URLSearchParams({ ...periodParams(p), format });
  let res: Response;
  try {
    res =
      t.type === 'area'
        ? await fetch(`/api/reports/areas/${encodeURIComponent(t.id)}?${params}`, { credentials: 'same-origin', cache: 'no-store' })
        : await fetch('/api/reports/polygon', {
            method: 'POST',
            credentials: 'same-origin',
            cache: 'no-store',
            headers: { 'Content-Type': 'application/json', ...csrfHeaders() },
            body: JSON.stringify({ geometry: t.geometry, name: t.name, ...periodParams(p), format }),
          });
  } catch (err) {
    throw new ApiError(0, 'Lantern is not reachable', String(err));
  }
  if (!res.ok) throw await problemOfResponse(res);
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `lantern-report.${format}`;
  return { blob: await res.blob(), fileName };
}

/** The report kept for the server's print browser (one use, by print ticket). */
export const fetchPrintReport = () => getJson<AreaReport>('/api/reports/print');
