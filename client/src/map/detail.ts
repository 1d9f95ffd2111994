import type { AreaGeometry } from './geometry';

/** What the drawer beside the map shows. */
export type Detail =
  | { kind: 'sighting'; id: string }
  | { kind: 'premises'; id: string }
  | { kind: 'vehicle'; id: string }
  | { kind: 'area'; id: string; name: string }
  | { kind: 'polygon'; geometry: AreaGeometry };
