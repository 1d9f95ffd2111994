import { z } from 'zod';
import { SUBJECT_KINDS, SUBJECT_LINK_ROLES, type SubjectKind, type SubjectLinkRole } from '../lists.js';

/** Most subjects one search answers (`limit`), and the default. */
export const MAX_SUBJECT_PAGE = 200;
export const DEFAULT_SUBJECT_PAGE = 50;

const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** A subject's own fields; `ref` is the force's reference, unique across subjects. */
const fields = {
  kind: z.enum(SUBJECT_KINDS),
  ref: text(1, 100).nullable().optional(),
  description: text(1, 2000),
  displayName: text(1, 200).nullable().optional(),
};

/** `POST /api/subjects`. */
export const createSubjectSchema = z.strictObject(fields);
export type CreateSubject = z.output<typeof createSubjectSchema>;

/** `PATCH /api/subjects/:id`: any of the fields, at least one. */
export const patchSubjectSchema = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type PatchSubject = z.output<typeof patchSubjectSchema>;

const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max, `must be at most ${max}`));

/** `GET /api/subjects?q=&limit=&offset=`: words matched in the reference, description and display name. */
export const searchSubjectsSchema = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: whole(1, MAX_SUBJECT_PAGE).optional(),
  offset: whole(0, 1_000_000).optional(),
});
export type SearchSubjects = z.output<typeof searchSubjectsSchema>;

/** `POST /api/subjects/:id/links`: the subject's role on exactly one sighting, intel record or vehicle. */
export const createLinkSchema = z
  .strictObject({
    role: z.enum(SUBJECT_LINK_ROLES),
    sightingId: z.uuid({ message: 'must be a UUID' }).optional(),
    intelId: z.uuid({ message: 'must be a UUID' }).optional(),
    vehicleId: z.uuid({ message: 'must be a UUID' }).optional(),
  })
  .superRefine((v, ctx) => {
    const given = [v.sightingId, v.intelId, v.vehicleId].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['sightingId'], message: 'give exactly one of sightingId, intelId or vehicleId' });
  });
export type CreateLink = z.output<typeof createLinkSchema>;

export const linkParams = z.strictObject({
  id: z.uuid({ message: 'must be a UUID' }),
  linkId: z.string().regex(/^\d{1,18}$/, 'must be a link id (a whole number)'),
});

/** A sighting's subjects as `POST/PATCH /api/sightings` take them. */
export const sightingSubjectsSchema = z
  .array(z.strictObject({ subjectId: z.uuid({ message: 'must be a UUID' }), role: z.enum(SUBJECT_LINK_ROLES) }))
  .max(50);
export type SightingSubjectInput = z.output<typeof sightingSubjectsSchema>[number];

/** One line of a search: never a display name for anyone but subject readers (see service). */
export interface SubjectSummary {
  id: string;
  kind: SubjectKind;
  ref: string | null;
  description: string;
  displayName?: string | null;
  repeatMissing: boolean;
}

export const LINK_TYPES = ['sighting', 'intel', 'vehicle', 'episode'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

/** One thing a subject is linked to: `id` is the sighting's, intel's, vehicle's or episode's; `linkId` removes the link. */
export interface SubjectLink {
  linkId: string;
  role: SubjectLinkRole;
  type: LinkType;
  id: string;
  /** A sighting's category, an intel summary, a plate, or an episode's start date. */
  label: string;
  /** When the sighting was observed, intel reported, episode reported missing, or a vehicle linked. */
  at: Date;
}

/** `GET /api/subjects/:id`. */
export interface SubjectDetail extends SubjectSummary {
  reviewDue: string;
  synthetic: boolean;
  /** Episodes reported in the last REPEAT_MISSING_DAYS days. */
  episodeCount90d: number;
  links: SubjectLink[];
}

/** A subject as a sighting's properties show it to subject readers. */
export interface SightingSubject {
  subjectId: string;
  role: SubjectLinkRole;
  ref: string | null;
  kind: SubjectKind;
}
