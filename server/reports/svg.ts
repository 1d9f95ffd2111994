import { shown, type Published } from '../disclosure/secondary.js';
import type { AreaReport } from './schema.js';

/**
 * Inline SVG figures of the printed report: the map (British National Grid metres, as
 * PostGIS projected them; SVG's y axis points down, so northings are negated, as
 * `ST_AsSVG` does) and the monthly trend chart. Pure string building; every text is escaped.
 */

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Sequential fills for shown counts, light to dark (ColorBrewer Oranges). */
export const RAMP = ['#fee6ce', '#fdae6b', '#fd8d3c', '#e6550d', '#a63603'];

/** The class of a count on a scale up to `max`: 0–4. */
export function rampClass(n: number, max: number): number {
  if (max <= 0) return 0;
  return Math.min(RAMP.length - 1, Math.floor((n / max) * RAMP.length - 1e-9));
}

/** Upper bounds of the ramp's classes for a legend. */
export function rampBreaks(max: number): string[] {
  const step = max / RAMP.length;
  return RAMP.map((_, i) => `${i === 0 ? 1 : Math.floor(step * i) + 1}–${Math.ceil(step * (i + 1))}`);
}

const NICE = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000];

/**
 * The report's map: wards around for context, the cells shaded by count (hidden counts
 * hatched, never shaded by their value), the area's outline and numbered repeat places.
 * `heightMm` bounds the figure; the width is the page's.
 */
export function mapSvg(r: AreaReport, opts: { widthMm: number; heightMm: number }): string {
  const { x0, y0, x1, y1 } = r.map.view;
  const w = x1 - x0;
  const h = y1 - y0;
  // User units (metres) per millimetre of paper, for text and symbols of a fixed printed size.
  const k = Math.max(w / opts.widthMm, h / opts.heightMm);
  const mm = (n: number) => (n * k).toFixed(1);
  const size = r.disclosure.cellSize;
  const max = Math.max(0, ...r.cells.map((c) => (shown(c.count) ? c.count : 0)));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="${x0} ${-y1} ${w} ${h}" preserveAspectRatio="xMidYMid meet" style="width:${opts.widthMm}mm;height:${opts.heightMm}mm" role="img" aria-label="Map of ${esc(r.area.name)}">`,
    `<defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="${mm(1.6)}" height="${mm(1.6)}" patternTransform="rotate(45)"><rect width="${mm(1.6)}" height="${mm(1.6)}" fill="#eef0f3"/><line x1="0" y1="0" x2="0" y2="${mm(1.6)}" stroke="#8a94a6" stroke-width="${mm(0.35)}"/></pattern></defs>`,
    `<rect x="${x0}" y="${-y1}" width="${w}" height="${h}" fill="#fbfbf8"/>`,
  );
  for (const ward of r.map.wards) parts.push(`<path d="${esc(ward.path)}" fill="#f1f1ec" stroke="#b9b9b0" stroke-width="${mm(0.3)}"/>`);
  for (const c of r.cells) {
    const fill = shown(c.count) ? (c.count === 0 ? 'none' : RAMP[rampClass(c.count, max)]) : 'url(#hatch)';
    parts.push(`<rect x="${c.ix * size}" y="${-(c.iy + 1) * size}" width="${size}" height="${size}" fill="${fill}" stroke="#ffffff" stroke-width="${mm(0.15)}"/>`);
  }
  parts.push(`<path d="${esc(r.map.area)}" fill="none" stroke="#12263f" stroke-width="${mm(0.6)}" stroke-linejoin="round"/>`);
  for (const ward of r.map.wards) {
    parts.push(`<text x="${ward.x.toFixed(0)}" y="${(-ward.y).toFixed(0)}" font-size="${mm(2.6)}" fill="#7b7b72" font-style="italic" text-anchor="middle">${esc(ward.name)}</text>`);
  }
  for (const p of r.map.places) {
    parts.push(
      `<circle cx="${p.x.toFixed(0)}" cy="${(-p.y).toFixed(0)}" r="${mm(2)}" fill="#12263f" stroke="#fff" stroke-width="${mm(0.3)}"/>`,
      `<text x="${p.x.toFixed(0)}" y="${(-p.y).toFixed(0)}" dy="${mm(0.9)}" font-size="${mm(2.5)}" fill="#fff" font-weight="bold" text-anchor="middle">${p.mark}</text>`,
    );
  }
  parts.push(scaleBar(x0, y0, w, k), northArrow(x1, y1, k));
  parts.push('</svg>');
  return parts.join('');
}

function scaleBar(x0: number, y0: number, w: number, k: number): string {
  const len = [...NICE].reverse().find((n) => n <= w / 4) ?? NICE[0]!;
  const x = x0 + 4 * k;
  const y = -y0 - 5 * k;
  const label = len >= 1000 ? `${len / 1000} km` : `${len} m`;
  return (
    `<g><rect x="${x - 1.5 * k}" y="${y - 5 * k}" width="${len + 3 * k + label.length * 1.6 * k + 2 * k}" height="${7 * k}" fill="#ffffff" fill-opacity="0.85"/>` +
    `<rect x="${x}" y="${y - 1 * k}" width="${len / 2}" height="${1.2 * k}" fill="#12263f"/><rect x="${x + len / 2}" y="${y - 1 * k}" width="${len / 2}" height="${1.2 * k}" fill="#ffffff" stroke="#12263f" stroke-width="${0.25 * k}"/>` +
    `<text x="${x + len + 1.5 * k}" y="${y + 0.3 * k}" font-size="${2.6 * k}" fill="#12263f">${label}</text></g>`
  );
}

function northArrow(x1: number, y1: number, k: number): string {
  const x = x1 - 7 * k;
  const y = -y1 + 4 * k;
  return `<g><path d="M ${x} ${y} L ${x + 2.2 * k} ${y + 6 * k} L ${x} ${y + 4.6 * k} L ${x - 2.2 * k} ${y + 6 * k} Z" fill="#12263f"/><text x="${x}" y="${y + 9.5 * k}" font-size="${2.8 * k}" text-anchor="middle" fill="#12263f" font-weight="bold">N</text></g>`;
}

/** Bar chart of counts per month; the report's period in the accent colour, hidden counts as outlined stubs. */
export function trendSvg(r: AreaReport, opts: { widthMm: number; heightMm: number }): string {
  const W = opts.widthMm * 4;
  const H = opts.heightMm * 4;
  const left = 40;
  const bottom = 34;
  const top = 12;
  const plotW = W - left - 8;
  const plotH = H - top - bottom;
  const values = r.trend.map((t) => t.count);
  const max = niceMax(Math.max(5, ...values.filter(shown)));
  const bw = plotW / Math.max(1, r.trend.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" style="width:${opts.widthMm}mm;height:${opts.heightMm}mm" role="img" aria-label="Sightings per month">`];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    out.push(`<line x1="${left}" x2="${W - 8}" y1="${y(v)}" y2="${y(v)}" stroke="${i ? '#e3e6ea' : '#12263f'}" stroke-width="${i ? 1 : 1.5}"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#4a5565">${Math.round(v)}</text>`);
  }
  r.trend.forEach((t, i) => {
    const x = left + i * bw + bw * 0.15;
    const wBar = bw * 0.7;
    const current = t.periods.includes('current');
    const fill = current ? '#d9480f' : t.periods.length ? '#8a9bb0' : '#c5ced8';
    if (shown(t.count)) {
      out.push(`<rect x="${x}" y="${y(t.count)}" width="${wBar}" height="${Math.max(0, y(0) - y(t.count))}" fill="${fill}"/>`);
      if (t.count > 0) out.push(`<text x="${x + wBar / 2}" y="${y(t.count) - 3}" font-size="10" text-anchor="middle" fill="#12263f">${t.count}</text>`);
    } else {
      const stub = Math.min(plotH * 0.12, 18);
      out.push(`<rect x="${x}" y="${y(0) - stub}" width="${wBar}" height="${stub}" fill="#ffffff" stroke="${fill}" stroke-dasharray="3 2" stroke-width="1.2"/>`);
      out.push(`<text x="${x + wBar / 2}" y="${y(0) - stub - 3}" font-size="10" text-anchor="middle" fill="#4a5565">${esc(String(t.count))}</text>`);
    }
    const [mon, year] = t.label.split(' ');
    out.push(`<text x="${x + wBar / 2}" y="${H - bottom + 14}" font-size="10.5" text-anchor="middle" fill="#12263f">${esc(mon!)}</text>`);
    if (i === 0 || t.month.endsWith('-01')) out.push(`<text x="${x + wBar / 2}" y="${H - bottom + 27}" font-size="10" text-anchor="middle" fill="#4a5565">${esc(year!)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

/** A round axis maximum at or above `n`. @example niceMax(37) // 40 */
export function niceMax(n: number): number {
  const mag = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= n) return m * mag;
  return 10 * mag;
}

/** Text of a published count for tables: numbers with thousands separators. */
export const countText = (p: Published) => (typeof p === 'number' ? p.toLocaleString('en-GB') : p);
