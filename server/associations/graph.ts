/**
 * The association graph, built from occasions (a sighting, a journey, a missing episode)
 * and the nodes present at each: pure, so the rules are tested without a database.
 */

export const NODE_TYPES = ['subject', 'vehicle', 'premises', 'place'] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export type OccasionKind = 'sighting' | 'journey' | 'episode';

/** One node present at one occasion. `info` is the sighting's category or the journey's title. */
export interface Occurrence {
  kind: OccasionKind;
  id: string;
  at: Date;
  node: string;
  info: string | null;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  focus?: boolean;
  [extra: string]: unknown;
}

export interface GraphEdge {
  source: string;
  target: string;
  /** Distinct sightings, journeys and episodes the two share within the period. */
  count: number;
  latest: Date;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** More nodes shared something with the focus than are shown. */
  truncated: boolean;
}

/** A node id taken apart: `subject:<uuid>`, `vehicle:<uuid>`, `premises:<uuid>` or `place:<e>_<n>` (a 100 m BNG cell). */
export type NodeRef = { type: 'subject' | 'vehicle' | 'premises'; id: string } | { type: 'place'; e: number; n: number };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NODE_ID = new RegExp(`^(?:(subject|vehicle|premises):(${UUID})|place:(\\d{1,5})_(\\d{1,5}))$`);

export function parseNodeId(text: string): NodeRef | undefined {
  const m = NODE_ID.exec(text);
  if (!m) return undefined;
  if (m[1]) return { type: m[1] as 'subject' | 'vehicle' | 'premises', id: m[2]!.toLowerCase() };
  return { type: 'place', e: Number(m[3]), n: Number(m[4]) };
}

export const nodeIdOf = (r: NodeRef): string => (r.type === 'place' ? `place:${r.e}_${r.n}` : `${r.type}:${r.id}`);

/** The occasions, each with its time and the distinct nodes present. */
function occasions(occ: readonly Occurrence[]): Map<string, { at: Date; nodes: Set<string> }> {
  const out = new Map<string, { at: Date; nodes: Set<string> }>();
  for (const o of occ) {
    const key = `${o.kind}:${o.id}`;
    const e = out.get(key) ?? { at: o.at, nodes: new Set<string>() };
    e.nodes.add(o.node);
    if (o.at > e.at) e.at = o.at;
    out.set(key, e);
  }
  return out;
}

/**
 * The nodes one hop from the focus: those present at an occasion with it (with no focus,
 * an area's: every node of the occasions given). When there are more than `max`, those
 * sharing the most occasions (then the latest) are kept; the focus always is.
 */
export function neighbourhood(occ: readonly Occurrence[], focus: string | null, max: number): { nodes: string[]; truncated: boolean } {
  const score = new Map<string, { n: number; latest: number }>();
  for (const e of occasions(occ).values()) {
    if (focus && !e.nodes.has(focus)) continue;
    for (const node of e.nodes) {
      if (node === focus) continue;
      const s = score.get(node) ?? { n: 0, latest: 0 };
      s.n++;
      s.latest = Math.max(s.latest, e.at.getTime());
      score.set(node, s);
    }
  }
  const ranked = [...score.entries()].sort(([a, x], [b, y]) => y.n - x.n || y.latest - x.latest || (a < b ? -1 : 1)).map(([id]) => id);
  const room = focus ? max - 1 : max;
  return { nodes: [...(focus ? [focus] : []), ...ranked.slice(0, room)], truncated: ranked.length > room };
}

/** Edges among the kept nodes: per pair, the occasions they share and the latest of them. */
export function edgesAmong(occ: readonly Occurrence[], keep: ReadonlySet<string>): GraphEdge[] {
  const pairs = new Map<string, GraphEdge>();
  for (const e of occasions(occ).values()) {
    const present = [...e.nodes].filter((n) => keep.has(n)).sort();
    for (let i = 0; i < present.length; i++) {
      for (let j = i + 1; j < present.length; j++) {
        const key = `${present[i]}|${present[j]}`;
        const edge = pairs.get(key) ?? { source: present[i]!, target: present[j]!, count: 0, latest: e.at };
        edge.count++;
        if (e.at > edge.latest) edge.latest = e.at;
        pairs.set(key, edge);
      }
    }
  }
  return [...pairs.values()].sort((a, b) => b.count - a.count || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1));
}

/** The occasions at which both nodes were present, newest first. */
export function sharedOccasions(occ: readonly Occurrence[], a: string, b: string): { kind: OccasionKind; id: string; at: Date; info: string | null }[] {
  const byKey = new Map<string, { kind: OccasionKind; id: string; at: Date; info: string | null; nodes: Set<string> }>();
  for (const o of occ) {
    const key = `${o.kind}:${o.id}`;
    const e = byKey.get(key) ?? { kind: o.kind, id: o.id, at: o.at, info: o.info, nodes: new Set<string>() };
    e.nodes.add(o.node);
    if (o.at > e.at) e.at = o.at;
    byKey.set(key, e);
  }
  return [...byKey.values()]
    .filter((e) => e.nodes.has(a) && e.nodes.has(b))
    .sort((x, y) => y.at.getTime() - x.at.getTime() || (x.id < y.id ? -1 : 1))
    .map(({ kind, id, at, info }) => ({ kind, id, at, info }));
}

/**
 * The 6-figure Ordnance Survey grid reference of a 100 m cell (its south-west corner in
 * hundreds of metres of the British National Grid), the way a place is read out on a radio.
 * @example gridRef(3710, 4091) // 'SD 710 091'
 */
export function gridRef(e100: number, n100: number): string {
  const e = e100 * 100;
  const n = n100 * 100;
  const e5 = Math.floor(e / 100_000);
  const n5 = Math.floor(n / 100_000);
  if (e5 < 0 || e5 > 6 || n5 < 0 || n5 > 12) return `${e} ${n}`;
  // The 500 km letter, then the 100 km letter, on 5 × 5 grids lettered A–Z without I.
  let l1 = 19 - n5 - ((19 - n5) % 5) + Math.floor((e5 + 10) / 5);
  let l2 = (((19 - n5) * 5) % 25) + (e5 % 5);
  if (l1 > 7) l1++;
  if (l2 > 7) l2++;
  const pad = (v: number) => String(Math.floor((v % 100_000) / 100)).padStart(3, '0');
  return `${String.fromCharCode(65 + l1)}${String.fromCharCode(65 + l2)} ${pad(e)} ${pad(n)}`;
}
