import { z } from 'zod';

export const auditQuerySchema = z
  .strictObject({
    userId: z.uuid().optional(),
    username: z.string().trim().toLowerCase().min(1).max(100).optional(),
    action: z.string().regex(/^[a-z_]{2,30}$/, 'must be an action name such as consult or login_failed').optional(),
    targetId: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(1000)).optional(),
    /**
     * Keyset paging: rows with a smaller id than this, from the previous page's `next`.
     * Bounded, so that a huge number is a 400 naming it rather than a bigint overflow (500).
     */
    before: z.string().regex(/^\d+$/, 'must be a row id').transform(Number).pipe(z.number().min(0).max(Number.MAX_SAFE_INTEGER, 'must be a row id')).optional(),
  });
