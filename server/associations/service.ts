import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Role } from '../lists.js';
import { SENSITIVE_PREMISES_CATEGORIES, SUBJECT_KIND_LABELS, type SubjectKind } from '../lists.js';
import { forbidden, notFound } from '../http/errors.js';
import { record } from '../audit/service.js';
import type { Caller } from '../http/auth.js';
import { mayReadSubjects, maySeeSensitiveSites, recordScope, type Scope } from '../auth/policy.js';
import { MARKING } from '../exports/formats.js';
import { edgesAmong, gridRef, neighbourhood, nodeIdOf, parseNodeId, sharedOccasions, type Graph, type GraphNode, type NodeRef } from './graph.js';
import { toGraphMl } from './graphml.js';
import { toI2Csv } from './i2.js';
import * as repo from './repo.js';
import type { AssociationExportFormat, EdgeDetail, Focus, Period } from './schema.js';

/** The most nodes one neighbourhood shows: a chart an analyst can read, not a hairball. */
export const MAX_NODES = 250;

/**
 * Who sees what of the association graph: analysts and admins everything; licensing
 * officers vehicles and (non-sensitive) premises from the sightings in their scope and
 * nothing else; every other role nothing.
 */
function scopeOf(role: Role | null): Scope {
  const s = recordScope(role);
  if (s === 'none') throw forbidden(`The ${role} role does not read associations between records.`);
  return s;
}

/** A node type the role may never be shown is refused outright, as a subject look-up is. */
function mayAsk(role: Role | null, ref: NodeRef | Focus): void {
  const type = 'type' in ref ? ref.type : ref.kind;
  if (type === 'subject' && !mayReadSubjects(role)) throw forbidden(`The ${role} role does not read subjects.`);
  if (type === 'place' && recordScope(role) !== 'all') throw forbidden(`The ${role} role sees premises and vehicles, not places.`);
}

const sensitiveFor = (role: Role | null): readonly string[] => (maySeeSensitiveSites(role) ? [] : SENSITIVE_PREMISES_CATEGORIES);

/** Labels for the node ids the role may see; ids it may not (or that are gone) are left out. */
async function labelled(db: Db, role: Role | null, ids: string[]): Promise<Map<string, GraphNode>> {
  const refs = ids.map(parseNodeId).filter((r): r is NodeRef => r !== undefined);
  const of = (t: string) => refs.flatMap((r) => (r.type === t && r.type !== 'place' ? [r.id] : []));
  const places = refs.filter((r): r is Extract<NodeRef, { type: 'place' }> => r.type === 'place');
  const all = recordScope(role) === 'all';
  const [subjects, vehicles, premises, wards] = await Promise.all([
    mayReadSubjects(role) ? repo.subjects(db.knex, of('subject')) : [],
    repo.vehicles(db.knex, of('vehicle')),
    repo.premises(db.knex, of('premises')),
    all ? repo.cellWards(db.knex, { e: places.map((p) => p.e), n: places.map((p) => p.n) }) : [],
  ]);
  const out = new Map<string, GraphNode>();
  for (const s of subjects) {
    // The force's reference, not the name: a label travels further (exports, screenshots) than the record.
    const label = s.ref ?? `${SUBJECT_KIND_LABELS[s.kind as SubjectKind] ?? s.kind}: ${s.description.slice(0, 60)}`;
    out.set(`subject:${s.id}`, { id: `subject:${s.id}`, type: 'subject', label, kind: s.kind, displayName: s.displayName });
  }
  for (const v of vehicles) out.set(`vehicle:${v.id}`, { id: `vehicle:${v.id}`, type: 'vehicle', label: v.plate });
  const hidden = sensitiveFor(role);
  for (const p of premises) {
    if (hidden.includes(p.category)) continue;
    const sensitive = (SENSITIVE_PREMISES_CATEGORIES as readonly string[]).includes(p.category);
    out.set(`premises:${p.id}`, { id: `premises:${p.id}`, type: 'premises', label: p.name, category: p.category, sensitive });
  }
  for (const w of wards) {
    const id = nodeIdOf({ type: 'place', e: w.e, n: w.n });
    const cell = gridRef(w.e, w.n);
    out.set(id, { id, type: 'place', label: w.ward ? `${w.ward}, ${cell}` : cell });
  }
  return out;
}

/** What the occasions of the next query must touch: the nodes given. */
function touchOf(ids: string[]): repo.Touch {
  const t = repo.noTouch();
  for (const r of ids.map(parseNodeId)) {
    if (!r) continue;
    if (r.type === 'subject') t.subjects.push(r.id);
    else if (r.type === 'vehicle') t.vehicles.push(r.id);
    else if (r.type === 'premises') t.premises.push(r.id);
    else if (r.type === 'place') {
      t.cells.e.push(r.e);
      t.cells.n.push(r.n);
    }
  }
  return t;
}

/** The focus as a node id (an area is not a node: its neighbourhood is everything seen in it). */
const focusNode = (f: Focus): string | null => (f.kind === 'area' ? null : `${f.kind}:${f.id}`);

/** Refuses a focus the caller may not ask about, and answers 404 for one that does not exist or that they may not see. */
async function checkFocus(db: Db, role: Role | null, f: Focus): Promise<void> {
  mayAsk(role, f);
  const node = focusNode(f);
  const exists = node ? (await labelled(db, role, [node])).has(node) : await repo.areaExists(db.knex, f.id);
  if (!exists) throw notFound(`No ${f.kind} ${f.id} that you may see.`);
}

/**
 * The focus's neighbourhood within the period: the nodes that share a sighting, a journey
 * or a missing episode with it (for an area, those seen in it), and every edge among them,
 * counted over all the occasions they share in the period, not only those with the focus.
 */
async function build(db: Db, c: Caller, f: Focus, period: Period): Promise<Graph> {
  const scope = scopeOf(c.role);
  await checkFocus(db, c.role, f);
  const hidden = sensitiveFor(c.role);
  const focus = focusNode(f);
  const first = await db.read(c.readAfter, (k) => repo.occurrences(k, scope, period, f.kind === 'area' ? { ...repo.noTouch(), areaId: f.id } : touchOf([focus!]), hidden));
  const hood = neighbourhood(first, focus, MAX_NODES);
  const occ = hood.nodes.length > 1 ? await db.read(c.readAfter, (k) => repo.occurrences(k, scope, period, touchOf(hood.nodes), hidden)) : first;
  const nodes = await labelled(db, c.role, hood.nodes);
  const keep = new Set(nodes.keys());
  return {
    nodes: hood.nodes.flatMap((id) => {
      const n = nodes.get(id);
      return n ? [id === focus ? { ...n, focus: true } : n] : [];
    }),
    edges: edgesAmong(occ, keep),
    truncated: hood.truncated,
  };
}

/** What an audit row says of a graph: the focus and period, its size, and the subjects shown (each subject read is audited). */
function audited(f: Focus, period: Period, g: Graph) {
  const subjects = g.nodes.filter((n) => n.type === 'subject').map((n) => n.id.slice('subject:'.length));
  return {
    targetIds: f.kind === 'subject' ? [f.id, ...subjects.filter((s) => s !== f.id)] : subjects,
    query: { focus: focusNode(f) ?? `area:${f.id}`, from: period.from?.toISOString(), to: period.to?.toISOString(), nodes: g.nodes.length, edges: g.edges.length, truncated: g.truncated },
  };
}

export async function graph(db: Db, c: Caller, f: Focus, period: Period): Promise<Graph> {
  const g = await build(db, c, f, period);
  await record(db, c, { action: 'search', targetType: 'association', ...audited(f, period, g), outcome: 'ok' });
  return g;
}

/** The sightings, journeys and episodes two nodes share within the period ("click an edge"). */
export async function edge(db: Db, c: Caller, a: NodeRef, b: NodeRef, period: Period): Promise<EdgeDetail> {
  const scope = scopeOf(c.role);
  mayAsk(c.role, a);
  mayAsk(c.role, b);
  const ids = [nodeIdOf(a), nodeIdOf(b)];
  const seen = await labelled(db, c.role, ids);
  const missing = ids.filter((id) => !seen.has(id));
  // The router's auditRefusals writes the refusal, as for any 4xx.
  if (missing.length) throw notFound(`No ${missing.join(' or ')} that you may see.`);
  const occ = await db.read(c.readAfter, (k) => repo.occurrences(k, scope, period, touchOf([ids[0]!]), sensitiveFor(c.role)));
  const shared = sharedOccasions(occ, ids[0]!, ids[1]!);
  const out: EdgeDetail = {
    sightings: shared.filter((o) => o.kind === 'sighting').map((o) => ({ id: o.id, observedAt: o.at, category: o.info ?? '' })),
    journeys: shared.filter((o) => o.kind === 'journey').map((o) => ({ id: o.id, title: o.info ?? '', latest: o.at })),
    episodes: shared.filter((o) => o.kind === 'episode').map((o) => ({ id: o.id, reportedMissingAt: o.at })),
  };
  const subjects = [a, b].flatMap((r) => (r.type === 'subject' ? [r.id] : []));
  await record(db, c, {
    action: 'consult',
    targetType: 'association',
    targetIds: [...subjects, ...shared.map((o) => o.id)],
    query: { edge: ids, from: period.from?.toISOString(), to: period.to?.toISOString(), sightings: out.sightings.length, journeys: out.journeys.length, episodes: out.episodes.length },
    outcome: 'ok',
  });
  return out;
}

export interface AssociationFile {
  body: string;
  contentType: string;
  filename: string;
}

/** "2026-12-02T0915Z": a file-name-safe UTC time. */
const stamp = (d: Date) => d.toISOString().slice(0, 16).replace(':', '') + 'Z';

/** The graph as a file for i2 Analyst's Notebook or GraphML tools: a disclosure, audited as an export. */
export async function exportGraph(db: Db, config: Config, c: Caller, f: Focus, period: Period, format: AssociationExportFormat): Promise<AssociationFile> {
  if (!mayReadSubjects(c.role)) throw forbidden(`The ${c.role} role does not export associations.`);
  const g = await build(db, c, f, period);
  const at = new Date();
  const { targetIds, query } = audited(f, period, g);
  await record(db, c, { action: 'export', targetType: 'association', targetIds, query: { ...query, format }, outcome: 'ok' });
  // Display names stay in Lantern: a file carries the force's references only.
  const plain: Graph = { ...g, nodes: g.nodes.map(({ id, type, label }) => ({ id, type, label })) };
  const filename = `lantern-associations-${MARKING}-${stamp(at)}`;
  if (format === 'i2') return { body: toI2Csv(plain, config.timeZone), contentType: 'text/csv; charset=utf-8', filename: `${filename}.csv` };
  const span = `${period.from?.toISOString() ?? 'the first record'} to ${period.to?.toISOString() ?? 'now'}`;
  const description = `${MARKING}. Lantern associations of ${focusNode(f) ?? `area:${f.id}`}, ${span}, exported ${at.toISOString()}.`;
  return { body: toGraphMl(plain, description), contentType: 'application/graphml+xml; charset=utf-8', filename: `${filename}.graphml` };
}
