import { z } from 'zod';
import { normalisePlate, plateFormat, type PlateFormat } from './plate.js';
import type { Premises, ProfileSightings } from '../premises/schema.js';
import type { Intel } from '../intel/schema.js';
import type { SightingSummary } from '../sightings/schema.js';

export const plateSchema = z.string().transform((s, ctx) => {
  const p = normalisePlate(s);
  if (!p) {
    ctx.addIssue({ code: 'custom', message: `"${s}" has no letters or digits of a registration (1–10 of them)` });
    return z.NEVER;
  }
  return p;
});

const fields = {
  plate: plateSchema,
  licenceNo: z.string().trim().min(1).max(100).nullable().optional(),
  operatorId: z.uuid().nullable().optional(),
  make: z.string().trim().min(1).max(100).nullable().optional(),
  colour: z.string().trim().min(1).max(50).nullable().optional(),
};

export const createVehicleSchema = z.strictObject(fields);
export const patchVehicleSchema = z
  .strictObject(fields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type CreateVehicle = z.output<typeof createVehicleSchema>;
export type PatchVehicle = z.output<typeof patchVehicleSchema>;

export const listVehiclesQuerySchema = z.strictObject({
  plate: plateSchema.optional(),
  operatorId: z.uuid().optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
});

export interface Vehicle {
  id: string;
  plate: string;
  plateFormat?: PlateFormat;
  licenceNo: string | null;
  operatorId: string | null;
  operatorName: string | null;
  make: string | null;
  colour: string | null;
  synthetic: boolean;
}

export const withFormat = (v: Vehicle): Vehicle => ({ ...v, plateFormat: plateFormat(v.plate) });

/** `GET /api/vehicles/:id/profile`: a vehicle, its operator, its sightings and their track. */
export interface VehicleProfile {
  vehicle: Vehicle;
  operator: Premises | null;
  /** `timeline`: the records this caller may read, oldest first */
  sightings: ProfileSightings & { timeline: SightingSummary[] };
  /** Legs of sightings within `maxGapHours` of each other, in time order; sightings further apart are not joined. */
  track: {
    type: 'Feature';
    geometry: { type: 'MultiLineString'; coordinates: [number, number][][] };
    properties: { from: Date | null; to: Date | null; points: number; maxGapHours: number };
  };
  intel: { total: number; items: Intel[] };
}
