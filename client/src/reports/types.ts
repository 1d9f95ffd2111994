/**
 * The area report as `GET /api/reports/areas/:id` and `POST /api/reports/polygon`
 * return it (server/reports/schema.ts `AreaReport`), already disclosure-controlled for
 * the reader: counts are numbers, "<5" (1–4) or "[c]" (withheld so that no "<5" can be
 * worked out).
 */
export type Published = number | '<5' | '[c]';
export type PeriodRole = 'current' | 'previous' | 'lastYear';
type Outline = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };

export interface PeriodInfo {
  from: string;
  to: string;
  label: string;
}

export interface ReportCell {
  key: string;
  ref: string;
  size: number;
  count: Published;
  topCategory: string | null;
  /** Nearest street (and premises, for readers who may see them): "Deane Road, near Bras Lamp Grill" */
  where: string | null;
}

export interface AreaReport {
  title: string;
  area: { id: string | null; name: string; kind: string };
  marking: string;
  period: PeriodInfo;
  previous: PeriodInfo;
  lastYear: PeriodInfo;
  timeZone: string;
  generatedAt: string;
  generatedBy: { name: string; role: string };
  restricted: boolean;
  disclosure: { wholeCells: boolean; wholeMonths: boolean; rounded: boolean; cellSize: number; namesShown: boolean };
  headline: { current: Published; previous: Published; lastYear: Published; changeOnPrevious: string | null; changeOnLastYear: string | null };
  trend: { month: string; label: string; count: Published; periods: PeriodRole[] }[];
  grid: { bandHours: number; days: string[]; bands: string[]; cells: Published[][]; rowTotals: Published[]; colTotals: Published[]; total: Published };
  categories: { key: string; label: string; count: Published }[];
  models: { key: string; label: string; count: Published }[];
  cells: ReportCell[];
  hotspots: ReportCell[];
  repeatPlaces: { named: boolean; rows: { name: string | null; category: string; count: Published; ref: string | null; street: string | null; mark: number | null }[] };
  hotspotAnalysis: { cells: { bin: number; ref: string; where: string | null; geometry: { type: 'Polygon'; coordinates: number[][][] } }[]; note: string | null };
  map: {
    bounds: [number, number, number, number];
    area: Outline;
    wards: { name: string; geometry: Outline; label: [number, number] }[];
    cells: { type: 'Polygon'; coordinates: number[][][] }[];
    places: { mark: number; lonLat: [number, number] }[];
  };
}

export type ReportFormat = 'pdf' | 'csv' | 'geojson';

/** Whether a published count is a number the reader can use. */
export const shown = (p: Published): p is number => typeof p === 'number';

/** A count as printed: "1,234", "<5", "[c]". */
export const countText = (p: Published): string => (shown(p) ? p.toLocaleString('en-GB') : p);
