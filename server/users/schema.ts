import { z } from 'zod';
import { ROLES, SOURCE_AGENCIES } from '../lists.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be 2–63 characters: letters, digits, dot, dash or underscore');

export const roleSchema = z.enum(ROLES);

export const agencySchema = z.enum(SOURCE_AGENCIES);

export const createUserSchema = z
  .strictObject({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    role: roleSchema,
    /** The user's agency; required for partners, whose reports carry it. */
    agency: agencySchema.nullable().optional(),
    password: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'partner' && !v.agency) ctx.addIssue({ code: 'custom', path: ['agency'], message: `a partner belongs to an agency: one of ${SOURCE_AGENCIES.join(', ')}` });
  });
export type CreateUser = z.infer<typeof createUserSchema>;

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: z.infer<typeof roleSchema>;
  agency: z.infer<typeof agencySchema> | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  /** The end of a lock-out after repeated failed sign-ins, while it lasts. */
  lockedUntil: Date | null;
}

/** The user with the secrets that only the auth service may read. */
export interface UserWithSecrets extends User {
  passwordHash: string;
  failedLogins: number;
}

export const updateUserSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    agency: agencySchema.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.strictObject({ password: z.string() });
