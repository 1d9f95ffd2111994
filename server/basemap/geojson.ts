/**
 * Reads the features of a GeoJSON FeatureCollection one at a time from the file, with
 * a streaming JSON parser (stream-json): only the feature being read is held, so an
 * OpenStreetMap extract of a whole region costs as little memory as a street.
 */
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parser, type Token } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';

export interface GeoJsonFeature {
  /** Its number in the file, from 1. */
  n: number;
  /** The Feature object as parsed (anything, if the file holds something else there). */
  value: unknown;
  /** Bytes of the file read so far. */
  bytes: number;
}

/** What the file says before its features: the SRID its `crs` member names. */
export interface GeoJsonHeader {
  srid?: number;
}

/** The SRID a GeoJSON `crs` names (`EPSG:27700`, `urn:ogc:def:crs:EPSG::27700`, OGC CRS84). */
export function sridOfCrs(crs: unknown): number {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  if (typeof name !== 'string') throw new Error('the crs member has no name');
  if (/CRS84$/i.test(name)) return 4326;
  const m = /EPSG:{1,2}(\d+)$/i.exec(name);
  if (!m) throw new Error(`unknown crs "${name}": use EPSG:4326 or EPSG:27700`);
  return Number(m[1]);
}

/** Longest string (a name, a tag) a feature may hold: bounds what one token can cost. */
const MAX_STRING = 1 << 20;

/**
 * The features of a FeatureCollection in file order. `onHeader` hears the collection's
 * `crs` if it comes before the features (as every writer puts it); one after them is
 * refused, since the features before it were read in the wrong coordinates.
 */
export async function* geoJsonFeatures(file: string, onHeader: (h: GeoJsonHeader) => void = () => {}): AsyncGenerator<GeoJsonFeature> {
  let bytes = 0;
  const source = fs.createReadStream(file);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const tokens = parser.asStream({ packValues: true, streamValues: false, maxPackedLength: MAX_STRING });
  const flowing = pipeline(source, counter, tokens);
  flowing.catch(() => {});

  let depth = 0;
  let key: string | null = null;
  let inFeatures = false;
  let sawFeatures = false;
  let type: unknown;
  let n = 0;
  /** Assembles the value under way (a feature, the crs, the type); `skip` counts the depth of one being passed over. */
  let asm: Assembler | null = null;
  let assembling: 'feature' | 'crs' | 'type' | null = null;
  let skip = 0;

  const startValue = (tok: Token): 'feature' | 'crs' | 'type' | 'skip' | 'features' => {
    if (depth === 2 && inFeatures) return 'feature';
    if (depth === 1 && key === 'features' && tok.name === 'startArray') return 'features';
    if (depth === 1 && key === 'crs') return 'crs';
    if (depth === 1 && key === 'type') return 'type';
    return 'skip';
  };

  try {
    for await (const tok of tokens as AsyncIterable<Token>) {
      if (asm) {
        asm.consume(tok);
        if (!asm.done) continue;
        const value = asm.current;
        asm = null;
        if (assembling === 'feature') yield { n: ++n, value, bytes };
        else if (assembling === 'type') type = value;
        else if (assembling === 'crs') {
          if (sawFeatures) throw new Error('the crs member comes after the features: put it first (ogr2ogr does)');
          if (value !== null) onHeader({ srid: sridOfCrs(value) });
        }
        assembling = null;
        continue;
      }
      if (skip > 0) {
        if (tok.name === 'startObject' || tok.name === 'startArray') skip++;
        else if (tok.name === 'endObject' || tok.name === 'endArray') skip--;
        continue;
      }
      switch (tok.name) {
        case 'keyValue':
          if (depth === 1) key = tok.value;
          continue;
        case 'endArray':
          if (depth === 2 && inFeatures) {
            inFeatures = false;
            depth = 1;
          }
          continue;
        case 'endObject':
          depth--;
          continue;
        default:
      }
      if (depth === 0) {
        if (tok.name !== 'startObject') throw new Error('the file is not a GeoJSON FeatureCollection (it does not start with an object)');
        depth = 1;
        continue;
      }
      const what = startValue(tok);
      if (what === 'features') {
        inFeatures = true;
        sawFeatures = true;
        depth = 2;
        continue;
      }
      const container = tok.name === 'startObject' || tok.name === 'startArray';
      if (what === 'skip') {
        if (container) skip = 1;
        continue;
      }
      if (container) {
        asm = new Assembler();
        asm.consume(tok);
        assembling = what;
        continue;
      }
      const scalar = 'value' in tok ? tok.value : null;
      if (what === 'feature') yield { n: ++n, value: scalar, bytes };
      else if (what === 'type') type = scalar;
      else if (what === 'crs' && scalar !== null) throw new Error('the crs member must be an object');
    }
    await flowing;
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(/^(the |unknown crs)/.test(message) ? message : `the file is not valid JSON near byte ${bytes}: ${message}`);
  } finally {
    // A reader that stops early (an error further on) must not leave the file open.
    source.destroy();
  }
  if (type !== undefined && type !== 'FeatureCollection') throw new Error(`the file is a GeoJSON ${String(type)}, not a FeatureCollection`);
  if (!sawFeatures) throw new Error('the file is not a GeoJSON FeatureCollection (it has no features array)');
}
