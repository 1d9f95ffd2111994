/** Type declarations for the untyped packages the basemap uses. */
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  /** Encodes geojson-vt tiles, one per named layer, as one MVT. */
  export function fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: number; extent?: number }): Uint8Array;
}

declare module 'opentype.js' {
  export interface PathCommand {
    type: 'M' | 'L' | 'Q' | 'C' | 'Z';
    x?: number;
    y?: number;
    x1?: number;
    y1?: number;
    x2?: number;
    y2?: number;
  }
  export interface Glyph {
    index: number;
    advanceWidth?: number;
    getPath(x: number, y: number, fontSize: number): { commands: PathCommand[] };
  }
  export interface Font {
    unitsPerEm: number;
    hasChar(c: string): boolean;
    charToGlyph(c: string): Glyph;
  }
  export function parse(buffer: ArrayBuffer): Font;
  const opentype: { parse(buffer: ArrayBuffer): Font };
  export default opentype;
}
