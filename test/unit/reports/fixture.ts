import type { AreaReport } from '../../../server/reports/schema.js';

/** A hand-made, already published report: one day, one band, two categories. */
export function report(over: Partial<AreaReport> = {}): AreaReport {
  const period = { from: '2026-01-31T00:00:00.000Z', to: '2026-02-28T00:00:00.000Z', label: 'Feb 2026' };
  return {
    title: '=Test, "quoted" (synthetic)',
    area: { id: null, name: 'Test', kind: 'drawn' },
    marking: 'OFFICIAL-SENSITIVE',
    period,
    previous: { ...period, label: 'Jan 2026' },
    lastYear: { ...period, label: 'Feb 2025' },
    timeZone: 'Europe/London',
    generatedAt: '2026-03-01T09:00:00.000Z',
    generatedBy: { name: 'Test planner', role: 'planner' },
    restricted: true,
    disclosure: { wholeCells: true, wholeMonths: true, rounded: true, cellSize: 250, namesShown: false },
    headline: { current: 20, previous: '<5', lastYear: 15, changeOnPrevious: null, changeOnLastYear: 'up 33%' },
    trend: [{ month: '2026-02', label: 'Feb 2026', count: 20, periods: ['current'] }],
    grid: { bandHours: 24, days: ['Mon'], bands: ['00–24'], cells: [[20]], rowTotals: [20], colTotals: [20], total: 20 },
    categories: [
      { key: 'a', label: 'Adult loitering', count: '<5' },
      { key: 'b', label: 'Other', count: '[c]' },
    ],
    models: [{ key: 'u', label: 'Unknown', count: 20 }],
    cells: [{ key: '250:1:2', ix: 1, iy: 2, size: 250, ref: 'SD 0000 0000 (250 m)', count: '<5', topCategory: null }],
    hotspots: [],
    repeatPlaces: { named: false, rows: [] },
    hotspotAnalysis: { cells: [{ bin: 2, ref: 'SD 1 1', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }], note: null },
    map: { bounds: [0, 0, 1, 1], area: { type: 'Polygon', coordinates: [] }, wards: [], cells: [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }], places: [] },
    ...over,
  } as AreaReport;
}
