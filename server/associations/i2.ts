import { toCsv, type CsvCell } from '../http/csv.js';
import { zoneOffsetMs } from '../time/zone.js';
import type { Graph, NodeType } from './graph.js';

/**
 * The graph in the link form IBM i2 Analyst's Notebook imports from a CSV file: one row
 * per link, with the two entities it joins (identity, type, label) and the link's own
 * properties. An import specification's default design ("entity – link – entity") maps
 * these columns; identities are Lantern's node ids, so re-importing merges rather than
 * duplicates. Dates and times are separate columns in the team's time zone (named in the
 * specification's Date & Time Format page), as Analyst's Notebook's time analysis wants them.
 */
export const I2_COLUMNS = [
  'Entity 1 Identity',
  'Entity 1 Type',
  'Entity 1 Label',
  'Entity 2 Identity',
  'Entity 2 Type',
  'Entity 2 Label',
  'Link Type',
  'Link Label',
  'Link Count',
  'Latest Date',
  'Latest Time',
] as const;

/** Analyst's Notebook's standard entity types, where one fits. */
export const I2_TYPES: Record<NodeType, string> = { subject: 'Person', vehicle: 'Vehicle', premises: 'Premises', place: 'Location' };

/** Through the one CSV writer (server/http/csv.ts), so a label never runs as a spreadsheet formula. */
export function toI2Csv(g: Graph, timeZone: string): string {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const rows: CsvCell[][] = [[...I2_COLUMNS]];
  for (const e of g.edges) {
    const a = byId.get(e.source)!;
    const b = byId.get(e.target)!;
    const local = new Date(e.latest.getTime() + zoneOffsetMs(e.latest, timeZone)).toISOString();
    rows.push([
      a.id, I2_TYPES[a.type], a.label,
      b.id, I2_TYPES[b.type], b.label,
      'Seen together', `${e.count} occasion${e.count === 1 ? '' : 's'}`, e.count,
      local.slice(0, 10), local.slice(11, 19),
    ]);
  }
  return toCsv(rows);
}
