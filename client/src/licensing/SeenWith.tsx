import { useState } from 'react';
import { mayReadSubjects } from '../../../server/auth/policy';
import type { AssociationNodeType, Role } from '../../../server/lists';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import type { Page } from '../route';
import { useRemote } from '../useRemote';
import { associations, type AssociationGraph } from './api';

/** Whose "seen with" list: a premises or a vehicle, by id. */
export interface SeenWithFocus {
  type: 'premises' | 'vehicle';
  id: string;
}

export interface SeenWithRow {
  /** The node's own id (the record's id, without any `type:` prefix the graph gives it). */
  id: string;
  type: AssociationNodeType;
  label: string;
  count: number;
  latest: string;
}

/** A node's id in the graph may carry its type (`vehicle:<uuid>`); the record's own id is what follows. */
export const recordIdOf = (nodeId: string, type: string): string => (nodeId.startsWith(`${type}:`) ? nodeId.slice(type.length + 1) : nodeId);

/**
 * The nodes that share an edge with the focus, with how often and when last, most often
 * first (then latest first). Edges between two other nodes are not this list's business.
 */
export function seenWithRows(graph: AssociationGraph, focus: SeenWithFocus): SeenWithRow[] {
  const focusNode = graph.nodes.find((n) => n.type === focus.type && recordIdOf(n.id, n.type) === focus.id);
  const focusId = focusNode?.id ?? focus.id;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rows = new Map<string, SeenWithRow>();
  for (const e of graph.edges) {
    const other = e.source === focusId ? e.target : e.target === focusId ? e.source : null;
    const node = other === null || other === focusId ? undefined : byId.get(other);
    if (!node) continue;
    const seen = rows.get(node.id);
    if (seen) {
      seen.count += e.count;
      if (e.latest > seen.latest) seen.latest = e.latest;
    } else rows.set(node.id, { id: recordIdOf(node.id, node.type), type: node.type, label: node.label, count: e.count, latest: e.latest });
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || b.latest.localeCompare(a.latest) || a.label.localeCompare(b.label));
}

/** "20 Nov 2026": short enough that the table fits a phone. */
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** Rows shown before "Show all": the most frequent are the ones a review asks about. */
const LISTED = 15;

const TYPE_LABELS: Record<AssociationNodeType, string> = { subject: 'Person', vehicle: 'Vehicle', premises: 'Premises', place: 'Place' };

interface Props {
  focus: SeenWithFocus;
  role: Role;
  /** The profile's period, so the list counts the same sightings as the rest of the page. */
  period?: { from: string; to: string };
  goTo: (to: Page, sub?: string, search?: string) => void;
}

/**
 * "Seen with": the people, vehicles, premises and places that share sightings, events or
 * missing episodes with this premises or vehicle (`GET /api/associations`). The server
 * answers each role only what it may see (a licensing officer: premises and vehicles from
 * the sightings they may read, never a person or a sensitive site). For analysts each row
 * opens the association chart centred on it; for others a premises or vehicle opens its
 * profile.
 */
export function SeenWith({ focus, role, period, goTo }: Props) {
  const params = { [focus.type]: focus.id, from: period?.from, to: period?.to };
  const key = `associations?${new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString()}`;
  const r = useRemote(key, (signal) => associations(params, signal));
  const analyst = mayReadSubjects(role);
  const rows = r.data && r.dataKey === key ? seenWithRows(r.data, focus) : null;
  const [all, setAll] = useState(false);
  const shown = rows && !all ? rows.slice(0, LISTED) : rows;

  const link = (row: SeenWithRow) => {
    if (analyst && row.type !== 'place') {
      const search = `?${row.type}=${encodeURIComponent(row.id)}`;
      return (
        <a href={`/associations${search}`} onClick={(e) => { e.preventDefault(); goTo('associations', '', search); }}>
          {row.label}
        </a>
      );
    }
    if (row.type === 'premises' || row.type === 'vehicle') {
      const sub = `${row.type === 'premises' ? 'premises' : 'vehicles'}/${row.id}`;
      return (
        <a href={`/licensing/${sub}`} onClick={(e) => { e.preventDefault(); goTo('licensing', sub); }}>
          {row.label}
        </a>
      );
    }
    return row.label;
  };

  return (
    <section className="lic-card no-print" aria-labelledby="seen-with-heading" data-testid="seen-with">
      <h2 id="seen-with-heading">Seen with</h2>
      {r.error && <ErrorMessage error={r.error} onRetry={r.retry} />}
      {!rows && !r.error && <p className="loading" role="status">Loading who and what is seen with it…</p>}
      {rows && rows.length === 0 && <p className="lic-hint">Nothing you may see shares a sighting{analyst ? ', a journey or a missing episode' : ''} with it in the period.</p>}
      {rows && rows.length > 0 && (
        <>
          <p className="lic-hint">
            {analyst ? 'Sharing a sighting, a journey or a missing episode' : 'Sharing a sighting you may read'}{period ? ` between ${formatDate(new Date(period.from))} and ${formatDate(new Date(period.to))}` : ''}, most often first
            {analyst ? '; each opens the association chart' : ''}.
          </p>
          <table className="lic-table lic-seen-with">
            <thead>
              <tr>
                <th scope="col">Seen with</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">Times</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {shown!.map((row) => (
                <tr key={`${row.type}:${row.id}`}>
                  <td className={row.type === 'vehicle' ? 'lic-seen-with__plate' : undefined}>{link(row)}</td>
                  <td>{TYPE_LABELS[row.type] ?? row.type}</td>
                  <td className="num">{formatCount(row.count)}</td>
                  <td className="lic-seen-with__date">{shortDate.format(new Date(row.latest))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > LISTED && (
            <button type="button" className="link-button no-print" aria-expanded={all} onClick={() => setAll((a) => !a)}>
              {all ? `Show the ${LISTED} seen most often` : `Show all ${formatCount(rows.length)}`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
