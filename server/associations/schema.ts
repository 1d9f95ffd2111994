import { z } from 'zod';
import { checkRange, filterFields } from '../sightings/filters.js';
import { parseNodeId, type NodeRef } from './graph.js';

export const FOCUS_KINDS = ['subject', 'vehicle', 'premises', 'area'] as const;
export type FocusKind = (typeof FOCUS_KINDS)[number];
export type Focus = { kind: FocusKind; id: string };

export const EXPORT_FORMATS = ['i2', 'graphml'] as const;
export type AssociationExportFormat = (typeof EXPORT_FORMATS)[number];

const uuid = z.uuid({ message: 'must be a UUID' });
const nodeId = z.string().transform((s, ctx): NodeRef => {
  const r = parseNodeId(s);
  if (!r) {
    ctx.addIssue({ code: 'custom', message: 'must be subject:<uuid>, vehicle:<uuid>, premises:<uuid> or place:<e>_<n>' });
    return z.NEVER;
  }
  return r;
});

export interface Period {
  from?: Date;
  to?: Date;
}

function focusFields(timeZone: string) {
  const f = filterFields(timeZone);
  return { subject: uuid.optional(), vehicle: uuid.optional(), premises: uuid.optional(), area: uuid.optional(), from: f.from, to: f.to };
}

/** Exactly one focus: the first given names none, the second and later each name themselves. */
function oneFocus(q: Partial<Record<FocusKind, string>> & Period, ctx: z.RefinementCtx): void {
  const given = FOCUS_KINDS.filter((k) => q[k] !== undefined);
  if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'give exactly one of subject, vehicle, premises or area' });
  for (const k of given.slice(1)) ctx.addIssue({ code: 'custom', path: [k], message: `give only one of subject, vehicle, premises or area (${given[0]} is given)` });
  checkRange(q, ctx);
}

const toFocus = <T extends Partial<Record<FocusKind, string>>>(q: T): Focus => {
  const kind = FOCUS_KINDS.find((k) => q[k] !== undefined)!;
  return { kind, id: q[kind]! };
};

export function graphQuerySchema(timeZone: string) {
  return z
    .strictObject(focusFields(timeZone))
    .superRefine(oneFocus)
    .transform((q) => ({ focus: toFocus(q), period: { from: q.from, to: q.to } as Period }));
}

export function exportQuerySchema(timeZone: string) {
  return z
    .strictObject({ ...focusFields(timeZone), format: z.enum(EXPORT_FORMATS) })
    .superRefine(oneFocus)
    .transform((q) => ({ focus: toFocus(q), period: { from: q.from, to: q.to } as Period, format: q.format }));
}

export function edgeQuerySchema(timeZone: string) {
  const f = filterFields(timeZone);
  return z
    .strictObject({ a: nodeId, b: nodeId, from: f.from, to: f.to })
    .superRefine((q, ctx) => {
      if (JSON.stringify(q.a) === JSON.stringify(q.b)) ctx.addIssue({ code: 'custom', path: ['b'], message: 'must be another node than a' });
      checkRange(q, ctx);
    });
}

/** The occasions behind one edge ("click an edge to list the sightings behind it"). */
export interface EdgeDetail {
  sightings: { id: string; observedAt: Date; category: string }[];
  journeys: { id: string; title: string; latest: Date }[];
  episodes: { id: string; reportedMissingAt: Date }[];
}
