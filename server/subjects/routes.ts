import { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { SUBJECT_READERS } from '../auth/policy.js';
import { callerOf, type Guards } from '../http/auth.js';
import { idParam, parse, parseBody, parseQuery } from '../http/validate.js';
import { createLinkSchema, createSubjectSchema, linkParams, patchSubjectSchema, searchSubjectsSchema } from './schema.js';
import * as service from './service.js';

/** Subjects (people) and their links: analysts and admins only, each read with a stated purpose. */
export function subjectRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  // Restricted roles are refused before the purpose check, with a 403 rather than a 428.
  const readers = g.requireRole(...SUBJECT_READERS);

  r.get('/', readers, g.requirePurpose, async (req, res) => {
    res.json(await service.search(db, callerOf(req), parseQuery(searchSubjectsSchema, req)));
  });

  r.post('/', readers, g.requirePurpose, async (req, res) => {
    const created = await service.create(db, config, callerOf(req), parseBody(createSubjectSchema, req));
    res.status(201).location(`${req.baseUrl}/${created.id}`).json(created);
  });

  r.get('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.get(db, callerOf(req), id));
  });

  r.patch('/:id', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.json(await service.update(db, callerOf(req), id, parseBody(patchSubjectSchema, req)));
  });

  r.post('/:id/links', readers, g.requirePurpose, async (req, res) => {
    const { id } = parse(idParam, req.params, 'path');
    res.status(201).json(await service.link(db, callerOf(req), id, parseBody(createLinkSchema, req)));
  });

  r.delete('/:id/links/:linkId', readers, g.requirePurpose, async (req, res) => {
    const { id, linkId } = parse(linkParams, req.params, 'path');
    await service.unlink(db, callerOf(req), id, linkId);
    res.status(204).end();
  });

  // Bad input and refusals are audited too: a failed look-up of a person is still a look-up.
  r.use(g.auditRefusals);
  return r;
}
