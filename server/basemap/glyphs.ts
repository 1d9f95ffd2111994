/**
 * Glyph PBFs for MapLibre's labels, made from the DejaVu fonts installed from npm
 * (`dejavu-fonts-ttf`), so street names need no outside request. Each glyph is
 * rendered as a signed distance field (SDF) at 24 px with a 3 px border and an
 * 8 px radius, MapLibre's convention: opentype.js reads the outline and the distance
 * is measured to the outline itself (exact, no rasteriser needed), then written in
 * the glyphs.proto layout with `pbf`.
 *
 * Generated once by `npm run glyphs` (part of `npm run build` and of `npm start` when
 * missing) into `dist/glyphs/<font stack>/<range>.pbf`; a missing range is made on first request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import opentype, { type Font, type PathCommand } from 'opentype.js';
import { PbfWriter } from 'pbf';
import { GLYPH_FONTS, GLYPH_RANGES } from './schema.js';

/** Where the generated glyphs live: dist/glyphs beside the repository's server folder. */
export const GLYPHS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'glyphs');

const FONT_FILES: Record<string, string> = {
  [GLYPH_FONTS.regular]: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  [GLYPH_FONTS.bold]: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};

const SIZE = 24;
const BORDER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;
/** sdf-glyph-foundry measures `top` from an origin about an em above the baseline. */
const TOP_ORIGIN = 24;

type Seg = [number, number, number, number];

/** The outline as straight segments (curves flattened into 8 pieces), y down, baseline at 0. */
function segments(commands: PathCommand[]): Seg[] {
  const out: Seg[] = [];
  let x = 0, y = 0, sx = 0, sy = 0;
  const to = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) out.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const c of commands) {
    if (c.type === 'M') {
      x = sx = c.x!;
      y = sy = c.y!;
    } else if (c.type === 'L') to(c.x!, c.y!);
    else if (c.type === 'Q' || c.type === 'C') {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8, u = 1 - t;
        if (c.type === 'Q') to(u * u * x0 + 2 * u * t * c.x1! + t * t * c.x!, u * u * y0 + 2 * u * t * c.y1! + t * t * c.y!);
        else to(u * u * u * x0 + 3 * u * u * t * c.x1! + 3 * u * t * t * c.x2! + t * t * t * c.x!, u * u * u * y0 + 3 * u * u * t * c.y1! + 3 * u * t * t * c.y2! + t * t * t * c.y!);
      }
    } else if (c.type === 'Z') to(sx, sy);
  }
  return out;
}

/** Distance from (px, py) to the nearest segment, and whether the point is inside (non-zero winding). */
function signedDistance(segs: Seg[], px: number, py: number): number {
  let best = Infinity;
  let winding = 0;
  for (const [ax, ay, bx, by] of segs) {
    const dx = bx - ax, dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
    if (ay <= py) {
      if (by > py && dx * (py - ay) - (px - ax) * dy > 0) winding++;
    } else if (by <= py && dx * (py - ay) - (px - ax) * dy < 0) winding--;
  }
  return winding !== 0 ? -best : best;
}

interface SdfGlyph {
  id: number;
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

function renderGlyph(font: Font, code: number): SdfGlyph | undefined {
  const ch = String.fromCodePoint(code);
  if (!font.hasChar(ch)) return undefined;
  const glyph = font.charToGlyph(ch);
  const advance = Math.round(((glyph.advanceWidth ?? 0) * SIZE) / font.unitsPerEm);
  const segs = segments(glyph.getPath(0, 0, SIZE).commands);
  if (!segs.length) return { id: code, bitmap: new Uint8Array(0), width: 0, height: 0, left: 0, top: -TOP_ORIGIN, advance };
  const xs = segs.flatMap((s) => [s[0], s[2]]);
  const ys = segs.flatMap((s) => [s[1], s[3]]);
  const x0 = Math.floor(Math.min(...xs)), x1 = Math.ceil(Math.max(...xs));
  const y0 = Math.floor(Math.min(...ys)), y1 = Math.ceil(Math.max(...ys));
  const width = x1 - x0, height = y1 - y0;
  const w = width + 2 * BORDER, h = height + 2 * BORDER;
  const bitmap = new Uint8Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const d = signedDistance(segs, x0 - BORDER + i + 0.5, y0 - BORDER + j + 0.5);
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
    }
  }
  return { id: code, bitmap, width, height, left: x0, top: -y0 - TOP_ORIGIN, advance };
}

/** One range of 256 code points of a font as a glyph PBF (glyphs.proto). */
export function glyphRangePbf(font: Font, name: string, start: number): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: unknown, p: PbfWriter) => {
    p.writeStringField(1, name);
    p.writeStringField(2, `${start}-${start + 255}`);
    for (let code = start; code <= start + 255; code++) {
      const g = renderGlyph(font, code);
      if (!g) continue;
      p.writeMessage(3, (_g: unknown, q: PbfWriter) => {
        q.writeVarintField(1, g.id);
        if (g.bitmap.length) q.writeBytesField(2, g.bitmap);
        q.writeVarintField(3, g.width);
        q.writeVarintField(4, g.height);
        q.writeSVarintField(5, g.left);
        q.writeSVarintField(6, g.top);
        q.writeVarintField(7, g.advance);
      }, undefined);
    }
  }, undefined);
  return pbf.finish();
}

function loadFont(name: string): Font {
  const buf = fs.readFileSync(createRequire(import.meta.url).resolve(FONT_FILES[name]!));
  return opentype.parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

/** Writes one font stack's range into `dir` and returns its bytes. */
function writeRange(dir: string, name: string, range: string, font = loadFont(name)): Buffer {
  const pbf = Buffer.from(glyphRangePbf(font, name, Number(range.split('-')[0])));
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, `${range}.pbf`), pbf);
  return pbf;
}

/** Writes every font stack and range into `dir`; returns the files written. */
export function buildGlyphs(dir = GLYPHS_DIR): string[] {
  const written: string[] = [];
  for (const name of Object.keys(FONT_FILES)) {
    const font = loadFont(name);
    for (const range of GLYPH_RANGES) {
      writeRange(dir, name, range, font);
      written.push(path.join(dir, name, `${range}.pbf`));
    }
  }
  return written;
}

/** Whether every glyph file is there. */
export const glyphsBuilt = (dir = GLYPHS_DIR): boolean =>
  Object.keys(FONT_FILES).every((name) => GLYPH_RANGES.every((r) => fs.existsSync(path.join(dir, name, `${r}.pbf`))));

/**
 * The glyph PBF for a font stack ("DejaVu Sans Book" or a comma-separated list, the
 * first served one wins) and a range, or undefined when none is served. A range the
 * build did not make (a checkout where `npm run glyphs` has not run) is made now, once.
 */
export function readGlyphs(fontstack: string, range: string, dir = GLYPHS_DIR): Buffer | undefined {
  if (!(GLYPH_RANGES as readonly string[]).includes(range)) return undefined;
  const name = fontstack.split(',').map((s) => s.trim()).find((s) => s in FONT_FILES);
  if (!name) return undefined;
  const file = path.join(dir, name, `${range}.pbf`);
  return fs.existsSync(file) ? fs.readFileSync(file) : writeRange(dir, name, range);
}
