import { shown, type Published } from '../disclosure/secondary.js';
import type { AreaReport } from './schema.js';
import { countText, esc, mapSvg, RAMP, rampBreaks, trendSvg } from './svg.js';

/**
 * The area report as one self-contained HTML page (inline CSS and SVG, no script, no
 * network), laid out for A4 portrait print. The PDF is this page printed by Chromium;
 * the client can show it as a preview.
 */

/** Printable width inside the page margins (A4 210 mm − 2 × 14 mm). */
const PAGE_WIDTH_MM = 182;

const CSS = `
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font-family:"Liberation Sans","DejaVu Sans",Arial,sans-serif;font-size:9.5pt;color:#1d2733;line-height:1.35}
h1{font-size:19pt;margin:0 0 1mm;color:#12263f}
h2{font-size:12pt;margin:0 0 2mm;color:#12263f;border-bottom:0.4mm solid #12263f;padding-bottom:1mm}
section{margin:0 0 6mm;break-inside:avoid}
.page-break{break-before:page}
.kicker{font-size:8.5pt;letter-spacing:.08em;text-transform:uppercase;color:#d9480f;font-weight:bold;margin-bottom:1mm}
.meta{color:#4a5565;font-size:9pt;margin:0 0 3mm}
.meta b{color:#1d2733}
.notice{border:0.3mm solid #8a94a6;background:#f3f5f8;padding:2mm 3mm;font-size:8.5pt;margin:0 0 4mm}
.cards{display:flex;gap:3mm;margin:0 0 5mm}
.card{flex:1;border:0.3mm solid #ccd3dc;border-top:1.2mm solid #12263f;padding:2.5mm 3mm;background:#fff}
.card.main{border-top-color:#d9480f}
.card .label{font-size:8pt;text-transform:uppercase;letter-spacing:.05em;color:#4a5565}
.card .value{font-size:22pt;font-weight:bold;color:#12263f;margin:1mm 0 0}
.card .sub{font-size:8pt;color:#4a5565}
.card .chg{font-size:9pt;font-weight:bold;color:#12263f}
figure{margin:0}
figcaption{font-size:8pt;color:#4a5565;margin-top:1.5mm}
.legend{display:flex;flex-wrap:wrap;gap:3mm;align-items:center;font-size:8pt;color:#4a5565;margin-top:1.5mm}
.sw{display:inline-block;width:4mm;height:3mm;vertical-align:middle;margin-right:1mm;border:0.2mm solid #ccd3dc}
.sw.hatch{background:repeating-linear-gradient(45deg,#eef0f3 0 0.6mm,#8a94a6 0.6mm 0.9mm)}
table{border-collapse:collapse;width:100%}
th,td{padding:1mm 1.5mm;text-align:left;border-bottom:0.2mm solid #e3e6ea}
th{font-size:8pt;color:#4a5565;font-weight:bold;text-transform:uppercase;letter-spacing:.03em}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;border-top:0.4mm solid #12263f}
.two{display:flex;gap:6mm}
.two>section{flex:1}
.bar{display:inline-block;height:2.6mm;background:#d9480f;vertical-align:middle}
.bar.off{background:none;border:0.25mm dashed #8a94a6;width:6mm}
table.grid th,table.grid td{padding:0.8mm 0;text-align:center;font-size:7.5pt;border:0.2mm solid #fff}
table.grid th{text-transform:none;letter-spacing:0}
table.grid td.hid{background:repeating-linear-gradient(45deg,#eef0f3 0 0.6mm,#dfe3e9 0.6mm 0.9mm);color:#4a5565}
table.grid td.tot{font-weight:bold;background:#f3f5f8}
.hint{font-size:8pt;color:#4a5565}
.notes{font-size:8pt;color:#4a5565}
.notes li{margin-bottom:1mm}
`;

const dateTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** "Ward", "Patrol zone", "Drawn area" */
const kindLabel = (k: string) => (k === 'drawn' ? 'Drawn area' : k.charAt(0).toUpperCase() + k.slice(1).replace(/_/g, ' '));

export function renderHtml(r: AreaReport): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${esc(r.title)}</title><style>${CSS}</style></head><body>
${masthead(r)}
${headline(r)}
${mapSection(r)}
<div class="page-break"></div>
${trendSection(r)}
${gridSection(r)}
<div class="two">${breakdown('Categories of sighting', r.categories, r)}${breakdown('Grooming models', r.models, r)}</div>
${hotspotSection(r)}
${placesSection(r)}
${notes(r)}
</body></html>`;
}

function masthead(r: AreaReport): string {
  const notice = r.restricted
    ? `<div class="notice"><b>Disclosure-controlled figures.</b> “&lt;5” means fewer than five (in the breakdowns, possibly none); “[c]” is withheld so that a “&lt;5” cannot be worked out from a total; all other counts are rounded to the nearest 5. The area is counted in whole ${r.disclosure.cellSize} m grid squares and whole calendar months. Individual sightings are never shown.</div>`
    : '';
  return `<header>
<div class="kicker">Lantern · multi-agency CSE area report</div>
<h1>${esc(r.area.name)}</h1>
<p class="meta">${esc(kindLabel(r.area.kind))} · <b>Period: ${esc(r.period.label)}</b> · Generated ${esc(dateTime(r.generatedAt, r.timeZone))} (${esc(r.timeZone)}) · Prepared by ${esc(r.generatedBy.name)} (${esc(r.generatedBy.role)})</p>
${notice}
</header>`;
}

function headline(r: AreaReport): string {
  const h = r.headline;
  const card = (cls: string, label: string, value: Published, sub: string, chg: string | null) =>
    `<div class="card ${cls}"><div class="label">${esc(label)}</div><div class="value">${esc(countText(value))}</div><div class="sub">${esc(sub)}</div>${chg ? `<div class="chg">${esc(chg)}</div>` : ''}</div>`;
  return `<section class="cards">
${card('main', 'Sightings this period', h.current, r.period.label, null)}
${card('', 'Previous period', h.previous, r.previous.label, h.changeOnPrevious ? `This period: ${h.changeOnPrevious}` : 'Change: not shown')}
${card('', 'Same period last year', h.lastYear, r.lastYear.label, h.changeOnLastYear ? `This period: ${h.changeOnLastYear}` : 'Change: not shown')}
</section>`;
}

function mapSection(r: AreaReport): string {
  const max = Math.max(0, ...r.cells.map((c) => (shown(c.count) ? c.count : 0)));
  const breaks = max > 0 ? rampBreaks(max) : [];
  const legend = [
    `<span><span class="sw" style="border:0.5mm solid #12263f;background:#fff"></span>${esc(r.area.name)}</span>`,
    ...breaks.map((b, i) => `<span><span class="sw" style="background:${RAMP[i]}"></span>${b}</span>`),
    r.restricted ? `<span><span class="sw hatch"></span>&lt;5 or withheld</span>` : '',
    r.map.places.length ? `<span><span class="sw" style="background:#12263f;border-radius:50%"></span>Repeat place (see table)</span>` : '',
  ].join('');
  return `<section><h2>Map</h2>
<figure>${mapSvg(r, { widthMm: PAGE_WIDTH_MM, heightMm: 118 })}
<div class="legend"><span>Sightings per ${r.disclosure.cellSize} m square:</span>${legend}</div>
<figcaption>${r.restricted ? 'Whole grid squares whose centre lies in the area are counted; a square may reach past the outline.' : 'Grid squares hold the sightings inside the area outline.'} British National Grid; wards around the area for orientation.</figcaption></figure></section>`;
}

function trendSection(r: AreaReport): string {
  return `<section><h2>Monthly trend</h2>
<figure>${trendSvg(r, { widthMm: PAGE_WIDTH_MM, heightMm: 62 })}
<div class="legend"><span><span class="sw" style="background:#d9480f"></span>This period</span><span><span class="sw" style="background:#8a9bb0"></span>Previous period / same period last year</span><span><span class="sw" style="background:#c5ced8"></span>Other months</span>${r.restricted ? '<span><span class="sw" style="border:0.3mm dashed #8a94a6"></span>&lt;5 or withheld</span>' : ''}</div>
</figure></section>`;
}

function gridSection(r: AreaReport): string {
  const g = r.grid;
  const max = Math.max(1, ...g.cells.flat().filter(shown));
  const cell = (p: Published) => {
    if (!shown(p)) return `<td class="hid">${esc(p)}</td>`;
    const t = p / max;
    const bg = p === 0 ? '#ffffff' : `rgba(217,72,15,${(0.12 + 0.78 * t).toFixed(2)})`;
    return `<td style="background:${bg};color:${t > 0.55 ? '#fff' : '#1d2733'}">${p || ''}</td>`;
  };
  const head = `<tr><th></th>${g.bands.map((b) => `<th>${esc(b)}</th>`).join('')}<th>All</th></tr>`;
  const rows = g.days.map((d, i) => `<tr><th>${esc(d)}</th>${g.cells[i]!.map(cell).join('')}<td class="tot">${esc(countText(g.rowTotals[i]!))}</td></tr>`).join('');
  const foot = `<tr><th>All</th>${g.colTotals.map((c) => `<td class="tot">${esc(countText(c))}</td>`).join('')}<td class="tot">${esc(countText(g.total))}</td></tr>`;
  const what = g.bandHours === 1 ? 'hour of the day (local time; 21 = 21:00–21:59)' : `${g.bandHours}-hour band (local time)`;
  return `<section><h2>When: weekday × ${g.bandHours === 1 ? 'hour' : 'time of day'}</h2>
<table class="grid">${head}${rows}${foot}</table>
<p class="hint">Sightings by day of the week and ${what}, ${esc(r.timeZone)}. Darker is busier.</p></section>`;
}

function breakdown(title: string, rows: { label: string; count: Published }[], r: AreaReport): string {
  const max = Math.max(1, ...rows.map((x) => x.count).filter(shown));
  const body = rows
    .map((x) => {
      const bar = shown(x.count) ? `<span class="bar" style="width:${((x.count / max) * 22).toFixed(1)}mm"></span>` : '<span class="bar off"></span>';
      return `<tr><td>${esc(x.label)}</td><td class="n">${esc(countText(x.count))}</td><td>${bar}</td></tr>`;
    })
    .join('');
  return `<section><h2>${esc(title)}</h2><table><tr><th></th><th class="n">Sightings</th><th></th></tr>${body}<tr class="total"><td>All</td><td class="n">${esc(countText(r.headline.current))}</td><td></td></tr></table></section>`;
}

function hotspotSection(r: AreaReport): string {
  const rows = r.hotspots.map((c, i) => `<tr><td class="n">${i + 1}</td><td>${esc(c.ref)}</td><td class="n">${esc(countText(c.count))}</td><td>${esc(c.topCategory.replace(/_/g, ' '))}</td></tr>`).join('');
  const empty = `<tr><td colspan="4">No grid square has a count that can be shown.</td></tr>`;
  return `<section><h2>Hot spots: busiest ${r.disclosure.cellSize} m squares</h2>
<table><tr><th class="n">#</th><th>Grid square (south-west corner)</th><th class="n">Sightings</th><th>Most frequent category</th></tr>${rows || empty}</table>
<p class="hint">Ranked by count${r.restricted ? ' as shown (rounded); squares with fewer than 5 are not listed' : ''}. The full list of squares is in the CSV and GeoJSON of this report.</p></section>`;
}

function placesSection(r: AreaReport): string {
  const p = r.repeatPlaces;
  const rows = p.named
    ? p.rows.map((x) => `<tr><td class="n">${x.mark}</td><td>${esc(x.name ?? '')}</td><td>${esc(x.category)}</td><td>${esc(x.ref ?? '')}</td><td class="n">${esc(countText(x.count))}</td></tr>`).join('')
    : p.rows.map((x) => `<tr><td>${esc(x.category)}</td><td class="n">${esc(countText(x.count))}</td></tr>`).join('');
  const head = p.named ? '<tr><th class="n">#</th><th>Premises</th><th>Kind</th><th>Grid ref.</th><th class="n">Sightings</th></tr>' : '<tr><th>Kind of premises</th><th class="n">Sightings at repeat places</th></tr>';
  const empty = `<tr><td colspan="${p.named ? 5 : 2}">No premises was linked to two or more sightings in the period.</td></tr>`;
  const hint = p.named
    ? 'Premises linked to two or more sightings in the period; numbers match the map.'
    : 'Premises linked to two or more sightings, by kind. Names and places of premises are not shown to this role.';
  return `<section><h2>Repeat places</h2><table>${head}${rows || empty}</table><p class="hint">${hint}</p></section>`;
}

function notes(r: AreaReport): string {
  return `<section class="notes"><h2>About these figures</h2><ul>
<li>Counts are sightings recorded in Lantern by partner agencies, by the time they were observed (${esc(r.timeZone)}). A sighting is an observation of concern, not a crime or a confirmed case.</li>
<li>Previous period: ${esc(r.previous.label)}. Same period last year: ${esc(r.lastYear.label)}.</li>
${r.restricted ? `<li>Disclosure control: counts of 1 to 4 read “&lt;5”; “[c]” marks a figure withheld so that a small one cannot be worked out from totals; other figures are rounded to the nearest 5, so parts may not add up to totals. Reports count whole ${r.disclosure.cellSize} m grid squares and whole calendar months, so that two reports cannot be compared to reveal a small number.</li>` : '<li>Figures are exact. Before sharing outside the team, use a planner’s (disclosure-controlled) copy of this report.</li>'}
<li>Handling: ${esc(r.marking)}. For the partnership meeting it was prepared for; do not copy, forward or publish. Destroy securely when no longer needed.</li>
</ul></section>`;
}

/** Playwright header and footer: the marking on every page, page numbers, period and generation time. */
export function printTemplates(r: AreaReport): { headerTemplate: string; footerTemplate: string } {
  const font = 'font-family:&quot;Liberation Sans&quot;,Arial,sans-serif;';
  const headerTemplate = `<div style="${font}font-size:9px;width:100%;text-align:center;font-weight:bold;letter-spacing:2px;color:#000;">${esc(r.marking)}</div>`;
  const footerTemplate =
    `<div style="${font}font-size:7.5px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#333;">` +
    `<span style="font-weight:bold;letter-spacing:1px;">${esc(r.marking)}</span>` +
    `<span>${esc(r.area.name)} · ${esc(r.period.label)} · generated ${esc(dateTime(r.generatedAt, r.timeZone))}</span>` +
    `<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
  return { headerTemplate, footerTemplate };
}
