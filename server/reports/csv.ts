import { shown, type Published } from '../disclosure/secondary.js';
import { toCsv as writeCsv, type CsvCell } from '../http/csv.js';
import type { AreaReport } from './schema.js';
import { localDate } from '../time/zone.js';

/**
 * The tables of an area report as one CSV (RFC 4180, CRLF), in long form so that every
 * table fits one header: `table,row,column,value`. The values are those the report
 * shows its reader (for planners "<5" and "[c]" where suppressed, the rest rounded).
 * Written by the shared writer (server/http/csv.ts): counts as numbers, and text a
 * spreadsheet would run as a formula (a premises or a user's name) prefixed with '.
 * @example toCsv(report).split('\r\n')[0] // 'table,row,column,value'
 */
export function toCsv(r: AreaReport): string {
  const rows: CsvCell[][] = [['table', 'row', 'column', 'value']];
  const add = (table: string, row: string, column: string, value: Published | string | null) => rows.push([table, row, column, value ?? '']);

  add('report', 'marking', '', r.marking);
  add('report', 'title', '', r.title);
  // Local dates, the last day included: what the reader calls the period.
  add('report', 'period', 'first day', localDate(new Date(r.period.from), r.timeZone));
  add('report', 'period', 'last day', localDate(new Date(Date.parse(r.period.to) - 1), r.timeZone));
  add('report', 'period', 'label', r.period.label);
  add('report', 'generated', 'at', r.generatedAt);
  add('report', 'generated', 'by', `${r.generatedBy.name} (${r.generatedBy.role})`);
  add('report', 'disclosure control', '', r.restricted ? 'counts of 1-4 shown as <5; [c] withheld so that no <5 can be worked out; others in bands of 5 (5 = 5-8, 10 = 9-12, then the nearest multiple of 5)' : 'none (unrestricted reader)');

  add('headline', r.period.label, 'sightings', r.headline.current);
  add('headline', `previous: ${r.previous.label}`, 'sightings', r.headline.previous);
  add('headline', `last year: ${r.lastYear.label}`, 'sightings', r.headline.lastYear);
  add('headline', 'change on previous period', '', r.headline.changeOnPrevious);
  add('headline', 'change on same period last year', '', r.headline.changeOnLastYear);

  for (const m of r.trend) add('monthly trend', m.month, 'sightings', m.count);

  r.grid.days.forEach((day, d) => {
    r.grid.bands.forEach((band, b) => add('weekday x time', day, band, r.grid.cells[d]![b]!));
    add('weekday x time', day, 'total', r.grid.rowTotals[d]!);
  });
  r.grid.bands.forEach((band, b) => add('weekday x time', 'total', band, r.grid.colTotals[b]!));
  add('weekday x time', 'total', 'total', r.grid.total);

  for (const c of r.categories) add('categories', c.label, 'sightings', c.count);
  for (const c of r.models) add('grooming models', c.label, 'sightings', c.count);
  for (const c of r.hotspots) {
    add('busiest cells', c.ref, 'sightings', c.count);
    if (c.where) add('busiest cells', c.ref, 'where', c.where);
  }
  for (const c of r.hotspotAnalysis.cells) {
    add('hot spots (Gi*)', c.ref, 'confidence', confidence(c.bin));
    if (c.where) add('hot spots (Gi*)', c.ref, 'where', c.where);
  }
  for (const p of r.repeatPlaces.rows) {
    add('repeat places', p.name ?? p.category, p.name ? p.category : 'premises of this kind', p.count);
    if (p.name && p.street) add('repeat places', p.name, 'street', p.street);
  }

  return writeCsv(rows);
}

/** "hot spot, 99 % confidence" for Gi_Bin 3. */
export function confidence(bin: number): string {
  const level = { 3: '99 %', 2: '95 %', 1: '90 %' }[Math.abs(bin) as 1 | 2 | 3];
  return `${bin > 0 ? 'hot' : 'cold'} spot, ${level} confidence`;
}

/** GeoJSON of a report: its aggregated cells (never points), with the counts as shown. */
export function toGeoJson(r: AreaReport) {
  return {
    type: 'FeatureCollection' as const,
    name: r.title,
    marking: r.marking,
    period: r.period,
    generatedAt: r.generatedAt,
    restricted: r.restricted,
    cellSize: r.disclosure.cellSize,
    features: r.cells.map((c, i) => ({
      type: 'Feature' as const,
      id: c.key,
      geometry: r.map.cells[i]!,
      properties: { ref: c.ref, size: c.size, count: c.count, shown: shown(c.count), topCategory: c.topCategory },
    })),
  };
}
