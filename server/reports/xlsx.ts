/**
 * An area report as a spreadsheet: one sheet per table, laid out as the report prints
 * it (days down, time bands across), which is what a planner pasting into a partnership
 * pack expects. The long CSV (csv.ts) stays for programs. Values are those the report
 * shows its reader; text is written as text, so nothing in it can run as a formula.
 */
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import type { Published } from '../disclosure/secondary.js';
import { localDate } from '../time/zone.js';
import { confidence } from './csv.js';
import type { AreaReport, PeriodInfo } from './schema.js';

const DATE_FORMAT = 'dd/mm/yyyy';
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** First and last local day of a period (its `to` is exclusive), as UTC midnights for date cells. */
function days(p: PeriodInfo, timeZone: string): [Date, Date] {
  const first = localDate(new Date(p.from), timeZone);
  const last = localDate(new Date(Date.parse(p.to) - 1), timeZone);
  return [new Date(`${first}T00:00:00.000Z`), new Date(`${last}T00:00:00.000Z`)];
}

const head = (...titles: string[]): Row => titles.map((value) => ({ value, fontWeight: 'bold' as const }));
const text = (value: string | null | undefined): Cell => (value ? { value, type: String } : null);
const count = (value: Published): Cell => (typeof value === 'number' ? { value, type: Number } : { value, type: String });
const date = (value: Date): Cell => ({ value, type: Date, format: DATE_FORMAT });

function sheet(name: string, data: Row[], widths: number[]): Sheet<never> {
  return { sheet: name, data, columns: widths.map((width) => ({ width })), stickyRowsCount: 1 } as Sheet<never>;
}

export async function toXlsx(r: AreaReport): Promise<Buffer> {
  const span = (p: PeriodInfo) => days(p, r.timeZone);
  const [from, to] = span(r.period);
  const periodRow = (label: string, p: PeriodInfo, n: Published, change: string | null): Row => {
    const [a, b] = span(p);
    return [text(label), date(a), date(b), count(n), text(change)];
  };
  const grid: Row[] = [
    head('Day', ...r.grid.bands, 'Total'),
    ...r.grid.days.map((day, d): Row => [text(day), ...r.grid.cells[d]!.map(count), count(r.grid.rowTotals[d]!)]),
    [{ value: 'Total', fontWeight: 'bold' }, ...r.grid.colTotals.map(count), count(r.grid.total)],
  ];
  const sheets = [
    sheet('About', [
      head('Item', 'Value'),
      [text('Marking'), text(r.marking)],
      [text('Title'), text(r.title)],
      [text('Area'), text(r.area.name)],
      [text('Period'), text(`${r.period.label}: ${longDate.format(from)} to ${longDate.format(to)}`)],
      [text('Generated'), text(`${new Date(r.generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC by ${r.generatedBy.name} (${r.generatedBy.role})`)],
      [text('Disclosure control'), text(r.restricted ? 'Counts of 1 to 4 read "<5"; "[c]" is withheld so that no "<5" can be worked out from a total; other counts are in bands of 5 (5 stands for 5 to 8, 10 for 9 to 12, then the nearest multiple of 5).' : 'None: the reader may see exact counts.')],
    ], [22, 90]),
    sheet('Headline', [
      head('Period', 'From', 'To', 'Sightings', 'Change'),
      periodRow(r.period.label, r.period, r.headline.current, null),
      periodRow(`previous: ${r.previous.label}`, r.previous, r.headline.previous, r.headline.changeOnPrevious),
      periodRow(`last year: ${r.lastYear.label}`, r.lastYear, r.headline.lastYear, r.headline.changeOnLastYear),
    ], [28, 12, 12, 11, 28]),
    sheet('Monthly trend', [head('Month', 'Sightings'), ...r.trend.map((m): Row => [text(m.label), count(m.count)])], [14, 11]),
    sheet('Weekday x time', grid, [10, ...r.grid.bands.map(() => 9), 9]),
    sheet('Categories', [head('Category', 'Sightings'), ...r.categories.map((c): Row => [text(c.label), count(c.count)])], [40, 11]),
    sheet('Grooming models', [head('Grooming model', 'Sightings'), ...r.models.map((c): Row => [text(c.label), count(c.count)])], [40, 11]),
    sheet('Busiest cells', [head('Cell', 'Sightings', 'Where'), ...r.hotspots.map((c): Row => [text(c.ref), count(c.count), text(c.where)])], [28, 11, 48]),
    sheet('Hot spots', [head('Cell', 'Confidence', 'Where'), ...r.hotspotAnalysis.cells.map((c): Row => [text(c.ref), text(confidence(c.bin)), text(c.where)])], [28, 28, 48]),
    sheet('Repeat places', [
      head('Place', 'Category', 'Sightings', 'Street'),
      ...r.repeatPlaces.rows.map((p): Row => [text(p.name ?? 'premises of this kind'), text(p.category), count(p.count), text(p.street)]),
    ], [36, 24, 11, 36]),
  ];
  return writeXlsxFile(sheets).toBuffer();
}
