import type { RequestHandler } from 'express';

/**
 * For aggregate map layers only: the browser may keep the answer but must ask again
 * every time, so a view nothing has changed in comes back as a 304 (Express's ETag of
 * the body) instead of the whole layer. Records and exports stay `no-store`, and
 * sign-out clears what was kept (Clear-Site-Data).
 */
export const revalidate: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'private, no-cache');
  next();
};
