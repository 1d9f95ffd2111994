import { Router, type Request, type RequestHandler, type ErrorRequestHandler } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { callerOf, type Guards } from '../http/auth.js';
import { purposeMet } from '../auth/policy.js';
import { parse } from '../http/validate.js';
import { AppError, forbidden, notFound, purposeRequired } from '../http/errors.js';
import { record } from '../audit/service.js';
import { toFilters } from '../sightings/filters.js';
import { COLLECTIONS, type Collection, type Extent } from './collections.js';
import { COLLECTION_IDS, CRS84, DEFAULT_LIMIT, itemsQuerySchemas, metaQuerySchema, type CollectionId, type ItemsRequest } from './schema.js';
import { openApi } from './openapi.js';
import * as service from './service.js';

/** The conformance classes of OGC API – Features Part 1 this endpoint meets. */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';

interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

/** The absolute URL of this service (scheme and host as the client reached it; behind a proxy, LANTERN_TRUST_PROXY). */
const baseOf = (req: Request) => `${req.protocol}://${req.host}${req.baseUrl}`;

/** The request's own URL with some query parameters replaced. */
function withQuery(req: Request, changes: Record<string, string | number>): string {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.host}`);
  for (const [k, v] of Object.entries(changes)) url.searchParams.set(k, String(v));
  // Commas need no escaping in a query, and bbox=w,s,e,n reads better without it.
  url.search = url.searchParams.toString().replace(/%2C/gi, ',');
  return url.toString();
}

const pathOf = (req: Request) => req.originalUrl.split('?')[0]!;

function collectionDoc(base: string, c: Collection, extent: Extent) {
  const self = `${base}/collections/${c.id}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: extent.bbox ? [[extent.bbox.west, extent.bbox.south, extent.bbox.east, extent.bbox.north]] : [], crs: CRS84 },
      ...(c.temporal ? { temporal: { interval: extent.interval ? [extent.interval] : [], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } } : {}),
    },
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: c.title },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: `${c.title} as GeoJSON` },
    ] satisfies Link[],
  };
}

/**
 * OGC API – Features (Part 1: core, GeoJSON, OpenAPI 3.0) at /ogc, for QGIS, ArcGIS Pro
 * and GDAL. Signed in by the session cookie or `Authorization: Bearer <personal token>`;
 * the role rules are those of the rest of the API, and every request leaves an audit row.
 */
export function ogcRoutes(db: Db, config: Config, g: Guards): Router {
  const r = Router();
  const schemas = itemsQuerySchemas(config.timeZone);

  r.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  r.use(g.session);
  const signedIn: RequestHandler = (req, _res, next) => {
    // GIS clients ask for credentials when told which scheme to use.
    if (!req.auth) throw new AppError(401, 'unauthenticated', 'Not signed in', 'Send Authorization: Bearer <personal access token>, or sign in.', undefined, { 'WWW-Authenticate': 'Bearer realm="Lantern"' });
    next();
  };
  r.use(signedIn);

  /** The collection named in the path, once the caller may read it (refusals are audited as denials). */
  const open = async (req: Request): Promise<Collection> => {
    const id = req.params.collectionId as string;
    if (!(COLLECTION_IDS as readonly string[]).includes(id)) throw notFound(`No collection "${id}"; there are ${COLLECTION_IDS.join(', ')}.`);
    const c = COLLECTIONS[id as CollectionId];
    const { role, purpose } = callerOf(req);
    if (!c.mayRead(role)) throw await g.deny(req, forbidden(`The ${role} role may not read the ${c.id} collection; ${service.readable(role).map((x) => x.id).join(', ')} are open to it.`));
    if (c.needsPurpose && !purposeMet(role, purpose)) throw await g.deny(req, purposeRequired());
    return c;
  };

  r.get('/', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    const base = baseOf(req);
    await service.visit(db, callerOf(req), pathOf(req));
    res.type(JSON_TYPE).json({
      title: 'Lantern',
      description: 'Sightings, premises and areas of the Lantern hotspot mapping service, for desktop GIS. OFFICIAL-SENSITIVE.',
      links: [
        { href: base, rel: 'self', type: JSON_TYPE, title: 'This document' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI, title: 'The API definition' },
        { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      ] satisfies Link[],
    });
  });

  r.get('/conformance', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    await service.visit(db, callerOf(req), pathOf(req));
    res.type(JSON_TYPE).json({ conformsTo: CONFORMANCE });
  });

  r.get('/api', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    await service.visit(db, callerOf(req), pathOf(req));
    res.type(OPENAPI).send(JSON.stringify(openApi(baseOf(req), service.readable(callerOf(req).role))));
  });

  r.get('/collections', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    const base = baseOf(req);
    const list = await service.collections(db, callerOf(req), pathOf(req));
    res.type(JSON_TYPE).json({
      links: [{ href: `${base}/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }] satisfies Link[],
      collections: list.map(({ collection, extent }) => collectionDoc(base, collection, extent)),
    });
  });

  r.get('/collections/:collectionId', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    const c = await open(req);
    const extent = await service.collection(db, callerOf(req), c, pathOf(req));
    res.type(JSON_TYPE).json(collectionDoc(baseOf(req), c, extent));
  });

  r.get('/collections/:collectionId/items', async (req, res) => {
    const c = await open(req);
    const { bbox, datetime, limit = DEFAULT_LIMIT, offset = 0, cellSize, kind, f: _f, crs: _crs, 'bbox-crs': _bboxCrs, ...extras } = parse(schemas[c.id], req.query, 'query') as Record<string, any>;
    const q: ItemsRequest = { bbox, range: datetime ?? {}, limit, offset, filters: toFilters(extras), cellSize, kind };
    const page = await service.items(db, config, callerOf(req), c, q, pathOf(req));
    const links: Link[] = [
      { href: withQuery(req, {}), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${baseOf(req)}/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
    ];
    if (offset + page.features.length < page.numberMatched) links.push({ href: withQuery(req, { offset: offset + limit, limit }), rel: 'next', type: GEOJSON, title: 'Next page' });
    if (offset > 0) links.push({ href: withQuery(req, { offset: Math.max(0, offset - limit), limit }), rel: 'prev', type: GEOJSON, title: 'Previous page' });
    res.type(GEOJSON).send(
      JSON.stringify({
        type: 'FeatureCollection',
        timeStamp: new Date().toISOString(),
        numberMatched: page.numberMatched,
        numberReturned: page.features.length,
        features: page.features,
        links,
      }),
    );
  });

  r.get('/collections/:collectionId/items/:featureId', async (req, res) => {
    parse(metaQuerySchema, req.query, 'query');
    const c = await open(req);
    const id = req.params.featureId as string;
    const f = await service.item(db, callerOf(req), c, id, pathOf(req));
    if (!f) throw notFound(`No feature "${id}" in ${c.id} that you may see.`);
    const self = `${baseOf(req)}/collections/${c.id}/items/${encodeURIComponent(id)}`;
    res.type(GEOJSON).send(
      JSON.stringify({
        ...f,
        links: [
          { href: self, rel: 'self', type: GEOJSON, title: 'This feature' },
          { href: `${baseOf(req)}/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
        ] satisfies Link[],
      }),
    );
  });

  r.use((req, _res, next) => next(notFound(`No OGC API resource ${req.method} ${pathOf(req)}.`)));

  /** Failed requests are audited too; denials already were, by the guard that refused them. */
  const auditFailure: ErrorRequestHandler = async (err, req, _res, next) => {
    const e = err instanceof AppError ? err : undefined;
    const audited = e && (e.status === 403 || e.status === 428) && req.auth;
    if (!audited) {
      try {
        await record(db, callerOf(req), {
          action: 'search',
          targetType: 'ogc',
          query: { path: pathOf(req), params: req.query },
          outcome: e ? `${e.status} ${e.slug}` : '500 internal',
        });
      } catch {
        // The original error is the one to answer with.
      }
    }
    next(err);
  };
  r.use(auditFailure);
  return r;
}
