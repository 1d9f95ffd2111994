import type { Collection } from './collections.js';
import { CRS84, DEFAULT_LIMIT, MAX_LIMIT } from './schema.js';
import { SAFE_CELL_SIZES } from '../disclosure/suppress.js';

/**
 * The OpenAPI 3.0 definition of /ogc (the landing page's `service-desc`), listing the
 * collections the caller may read. Clients such as GDAL read `limit`'s maximum from it.
 */

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } });
const problem = { description: 'A problem document (RFC 9457)', content: { 'application/problem+json': { schema: { type: 'object' } } } };
const errors = { '400': problem, '401': problem, '403': problem, '404': problem, '428': problem };
const query = (name: string, description: string, schema: object) => ({ name, in: 'query', required: false, description, schema, style: 'form', explode: false });

export function openApi(base: string, collections: Collection[]) {
  const paths: Record<string, unknown> = {
    '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', parameters: [ref('f')], responses: { '200': json('Links to the API definition, conformance and collections'), ...errors } } },
    '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', parameters: [ref('f')], responses: { '200': json('The conformance classes'), ...errors } } },
    '/collections': { get: { summary: 'Collections', operationId: 'getCollections', parameters: [ref('f')], responses: { '200': json('The collections you may read'), ...errors } } },
  };
  for (const c of collections) {
    const extra =
      c.id === 'sighting-cells'
        ? [query('cellSize', 'cell size, metres', { type: 'integer', enum: [...SAFE_CELL_SIZES] })]
        : c.id === 'areas'
          ? [query('kind', 'area kind', { type: 'string', enum: ['ward', 'hotspot', 'patrol_zone', 'custom'] })]
          : [];
    paths[`/collections/${c.id}`] = { get: { summary: c.title, operationId: `describe-${c.id}`, parameters: [ref('f')], responses: { '200': json(c.description), ...errors } } };
    paths[`/collections/${c.id}/items`] = {
      get: {
        summary: `${c.title}: features`,
        operationId: `get-${c.id}-items`,
        parameters: [ref('bbox'), ref('bbox-crs'), ref('datetime'), ref('limit'), ref('offset'), ref('crs'), ref('f'), ...extra],
        responses: { '200': geojson('A page of features'), ...errors },
      },
    };
    paths[`/collections/${c.id}/items/{featureId}`] = {
      get: {
        summary: `${c.title}: one feature`,
        operationId: `get-${c.id}-item`,
        parameters: [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, ref('f')],
        responses: { '200': geojson('The feature'), ...errors },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Lantern OGC API – Features', version: '1.0.0', description: 'OFFICIAL-SENSITIVE. Authenticate with Authorization: Bearer <personal access token>.' },
    servers: [{ url: base }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      parameters: {
        f: query('f', 'response format', { type: 'string', enum: ['json', 'geojson'] }),
        bbox: query('bbox', 'minLon,minLat,maxLon,maxLat (CRS84)', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }),
        'bbox-crs': query('bbox-crs', 'CRS of bbox', { type: 'string', enum: [CRS84] }),
        crs: query('crs', 'CRS of the response', { type: 'string', enum: [CRS84] }),
        datetime: query('datetime', 'an instant or an interval (open ends "..")', { type: 'string' }),
        limit: query('limit', 'features per page', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
        offset: query('offset', 'features to skip (the next links set it)', { type: 'integer', minimum: 0, default: 0 }),
      },
    },
  };
}
