import { z } from 'zod';

export const MAX_TOKEN_DAYS = 366;

export const createTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  purpose: z.string().trim().min(3, 'say what the token is for (e.g. "QGIS layer for Op Phoenix")').max(500),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 timestamp with an offset' }).transform((s) => new Date(s)).optional(),
});
export type CreateToken = z.output<typeof createTokenSchema>;

export interface ApiToken {
  id: string;
  name: string;
  purpose: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Prefix that lets secret scanners recognise a leaked Lantern token. */
export const TOKEN_PREFIX = 'lnt_';
