import type { ReactNode } from 'react';
import { HIDDEN, ReportMap } from './ReportMap';
import { inkOn, rampColour, rampFor, reportBreaks } from './scale';
import { shown, type Published } from '../../../server/disclosure/secondary';
import { formatCount } from '../format';
import type { AreaReport } from './api';
import './reports.css';

interface Props {
  report: AreaReport;
  onMapReady?: () => void;
  onMapError?: (message: string) => void;
  /** Where the map reads the street style, when not the signed-in default (the print page) */
  styleUrl?: string;
}

const when = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

const kindLabel = (k: string) => (k === 'drawn' ? 'Drawn area' : k.charAt(0).toUpperCase() + k.slice(1).replace(/_/g, ' '));

const confidence = (bin: number) => `${bin > 0 ? 'Hot' : 'Cold'} spot, ${{ 3: '99', 2: '95', 1: '90' }[Math.abs(bin) as 1 | 2 | 3]} % confidence`;

/**
 * An area report laid out as an A4 document: the same component is the preview on the
 * report page and, printed by the server's Chromium, the PDF. Counts arrive already
 * disclosure-controlled; this only shows them.
 */
export function ReportView({ report: r, onMapReady, onMapError, styleUrl }: Props) {
  const hot = r.hotspotAnalysis.cells.filter((c) => c.bin > 0);
  const cold = r.hotspotAnalysis.cells.length - hot.length;
  return (
    <article className="report" aria-label={r.title}>
      <header className="report__head">
        <p className="report__kicker">Lantern area report · {r.marking}</p>
        <h1>{r.area.name}</h1>
        <p className="report__meta">
          <b>{kindLabel(r.area.kind)}</b> · <b>{r.period.label}</b> · compared with {r.previous.label} and {r.lastYear.label}
          <br />
          Generated {when(r.generatedAt, r.timeZone)} by {r.generatedBy.name} ({r.generatedBy.role}). Synthetic demonstration data.
        </p>
        {r.restricted && (
          <p className="report__notice">
            <b>Disclosure control.</b> Counts of 1 to 4 are shown as <b>&lt;5</b>; <b>[c]</b> marks a count withheld so that no &lt;5 can be worked out from
            totals; other counts are shown in bands of 5 (5 stands for 5–8, 10 for 9–12, then the nearest multiple of 5), so totals may not add up exactly. Areas are counted in whole {r.disclosure.cellSize} m cells and whole
            months.
          </p>
        )}
      </header>

      <section className="report__cards" aria-label="Headline counts">
        <Card label={`Sightings, ${r.period.label}`} value={r.headline.current} main />
        <Card label={`Previous period, ${r.previous.label}`} value={r.headline.previous} change={r.headline.changeOnPrevious} />
        <Card label={`Same period last year, ${r.lastYear.label}`} value={r.headline.lastYear} change={r.headline.changeOnLastYear} />
      </section>

      <section className="report__section">
        <h2>Map of the area</h2>
        {/* A new report is a new map, fitted to its own area. */}
        <ReportMap key={`${r.area.id ?? 'drawn'}-${r.generatedAt}`} report={r} onReady={onMapReady} onError={onMapError} styleUrl={styleUrl} />
        <MapLegend report={r} />
      </section>

      <section className="report__section report__break">
        <h2>Monthly trend</h2>
        <TrendChart report={r} />
      </section>

      <section className="report__section">
        <h2>When: weekday × time of day</h2>
        <WeekGrid report={r} />
      </section>

      <div className="report__two report__break">
        <section className="report__section">
          <h2>Categories</h2>
          <CountTable rows={r.categories.map((c) => ({ label: c.label, count: c.count }))} total={r.headline.current} />
        </section>
        <section className="report__section">
          <h2>Grooming models</h2>
          <CountTable rows={r.models.map((c) => ({ label: c.label, count: c.count }))} total={r.headline.current} />
        </section>
      </div>

      <div className="report__two">
        <section className="report__section">
          <h2>Hot spots (Getis-Ord Gi*)</h2>
          {hot.length ? (
            <table className="report__table">
              <thead>
                <tr>
                  <th>Where</th>
                  <th>Cell centre (OS grid)</th>
                  <th>Finding</th>
                </tr>
              </thead>
              <tbody>
                {hot.slice(0, 12).map((c) => (
                  <tr key={c.ref}>
                    <td>{c.where ?? '–'}</td>
                    <td>{c.ref}</td>
                    <td>{confidence(c.bin)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {hot.length > 12 && <p className="report__hint">The 12 most significant of {hot.length} hot spot cells; all are outlined on the map.</p>}
          {cold > 0 && <p className="report__hint">{cold} cold spot cell{cold === 1 ? '' : 's'} (fewer sightings than around them) not listed.</p>}
          {r.hotspotAnalysis.note && <p className="report__hint">{r.hotspotAnalysis.note}</p>}
          <p className="report__hint">Cells of {r.disclosure.cellSize} m, false discovery rate corrected; outlined in black on the map.</p>
        </section>
        <section className="report__section">
          <h2>Busiest cells</h2>
          <CountTable rows={r.hotspots.map((c) => ({ label: c.where ? `${c.where} · ${c.ref}` : c.ref, count: c.count }))} label="Where · cell (south-west corner)" />
        </section>
      </div>

      <section className="report__section">
        <h2>Repeat places</h2>
        {r.repeatPlaces.rows.length ? (
          <table className="report__table">
            <thead>
              <tr>
                {r.repeatPlaces.named && <th>#</th>}
                <th>{r.repeatPlaces.named ? 'Premises' : 'Kind of premises'}</th>
                {r.repeatPlaces.named && <th>Kind</th>}
                {r.repeatPlaces.named && <th>Grid reference</th>}
                <th className="n">Sightings</th>
              </tr>
            </thead>
            <tbody>
              {r.repeatPlaces.rows.map((p, i) => (
                <tr key={`${p.name ?? p.category}-${i}`}>
                  {r.repeatPlaces.named && <td>{p.mark}</td>}
                  <td>
                    {p.name ?? p.category}
                    {p.street && <span className="report__hint">, {p.street}</span>}
                  </td>
                  {r.repeatPlaces.named && <td>{p.category}</td>}
                  {r.repeatPlaces.named && <td>{p.ref}</td>}
                  <td className="n">{formatCount(p.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="report__hint">No premises was linked to two or more sightings in the period.</p>
        )}
        {!r.repeatPlaces.named && <p className="report__hint">Premises are not named for your role: sightings at premises with repeat sightings, by kind.</p>}
      </section>

      <section className="report__section report__notes">
        <h2>About this report</h2>
        <ul>
          <li>Counts are sightings recorded in Lantern from every agency, by the local date and time ({r.timeZone}) they were observed.</li>
          <li>Percentages compare the counts as shown; where either count is hidden no change is given.</li>
          {r.restricted && (
            <li>
              Counts are disclosure-controlled, so that no figure can point to a child, a victim or a suspect. A count from one to four
              is shown as "&lt;5", meaning fewer than five. Other counts are rounded: 5 stands for 5 to 8, 10 for 9 to 12, and
              larger counts are given to the nearest 5. Where a hidden count could be worked out from a total and the other counts, one more
              count is withheld and shown as "[c]". Places are whole grid squares of at least 250 m and the period is whole months. Do not
              combine this report with others to narrow counts down.
            </li>
          )}
          <li>
            Protective marking {r.marking}: share only with partnership members who need it, keep it secure and destroy it when no longer needed.
          </li>
        </ul>
      </section>
    </article>
  );
}

function Card({ label, value, change, main }: { label: string; value: Published; change?: string | null; main?: boolean }) {
  return (
    <div className={main ? 'report-card report-card--main' : 'report-card'}>
      <div className="report-card__label">{label}</div>
      <div className="report-card__value">{formatCount(value)}</div>
      {change !== undefined && <div className="report-card__change">{change ? `Now ${change}` : value === 0 ? 'Nothing to compare with' : 'Change not shown'}</div>}
    </div>
  );
}

function MapLegend({ report }: { report: AreaReport }) {
  const breaks = reportBreaks(report.cells.map((c) => c.count));
  const labels = breaks.map((b, i) => (i + 1 < breaks.length ? (breaks[i + 1]! - 1 > b ? `${b}–${breaks[i + 1]! - 1}` : `${b}`) : `${b}+`));
  return (
    <div className="report-legend">
      <span>Sightings per {report.disclosure.cellSize} m cell:</span>
      {breaks.map((b, i) => (
        <span key={b}>
          <i className="report-legend__swatch" style={{ background: rampFor(breaks.length)[i] }} />
          {labels[i]}
        </span>
      ))}
      {report.restricted && (
        <span>
          <i className="report-legend__swatch" style={{ background: HIDDEN }} />
          &lt;5 or withheld
        </span>
      )}
      <span>
        <i className="report-legend__swatch report-legend__swatch--hot" />
        Gi* hot spot
      </span>
      <span>
        <i className="report-legend__swatch report-legend__swatch--area" />
        {report.area.name}
      </span>
    </div>
  );
}

/** Bars by month; the report's own months dark, the compared periods' lighter. */
function TrendChart({ report }: { report: AreaReport }) {
  const w = 680;
  const h = 190;
  const pad = { l: 34, r: 6, t: 10, b: 34 };
  const months = report.trend;
  const max = Math.max(5, ...months.map((m) => (shown(m.count) ? m.count : 0)));
  const step = (w - pad.l - pad.r) / Math.max(1, months.length);
  const y = (n: number) => pad.t + (h - pad.t - pad.b) * (1 - n / max);
  const ticks = [0, Math.round(max / 2), max];
  return (
    <figure className="report__figure">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label="Sightings by month" className="report-trend">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#e3e6ea" />
            <text x={pad.l - 4} y={y(t) + 3} textAnchor="end" className="report-trend__tick">
              {t}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const x = pad.l + i * step + step * 0.15;
          const bw = step * 0.7;
          const cls = m.periods.includes('current') ? 'current' : m.periods.length ? 'compared' : 'other';
          return (
            <g key={m.month}>
              {shown(m.count) ? (
                <rect x={x} y={y(m.count)} width={bw} height={Math.max(0, y(0) - y(m.count))} className={`report-trend__bar report-trend__bar--${cls}`} />
              ) : (
                <>
                  <rect x={x} y={y(0) - 10} width={bw} height={10} className="report-trend__bar report-trend__bar--hidden" />
                  <text x={x + bw / 2} y={y(0) - 13} textAnchor="middle" className="report-trend__tick">
                    {m.count}
                  </text>
                </>
              )}
              {months.length <= 16 || i % 2 === 0 ? (
                <text x={x + bw / 2} y={h - pad.b + 12} textAnchor="middle" className="report-trend__tick">
                  {m.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <i className="report-legend__swatch" style={{ background: '#d24a12' }} /> {report.period.label} ·{' '}
        <i className="report-legend__swatch" style={{ background: '#9fb3c8' }} /> compared periods · counts as shown
        {report.restricted ? '; hidden months drawn as a small grey bar' : ''}
      </figcaption>
    </figure>
  );
}

function WeekGrid({ report }: { report: AreaReport }) {
  const g = report.grid;
  const breaks = reportBreaks(g.cells.flat());
  return (
    <table className="report-grid">
      <thead>
        <tr>
          <th />
          {g.bands.map((b) => (
            <th key={b} scope="col">
              {b}
            </th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {g.days.map((d, i) => (
          <tr key={d}>
            <th scope="row">{d}</th>
            {g.cells[i]!.map((n, j) => {
              const colour = rampColour(n, breaks);
              return (
                <td key={j} className={shown(n) ? undefined : 'report-grid__hidden'} style={colour ? { background: colour, color: inkOn(colour) } : undefined}>
                  {formatCount(n)}
                </td>
              );
            })}
            <td className="report-grid__total">{formatCount(g.rowTotals[i]!)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Total</th>
          {g.colTotals.map((n, j) => (
            <td key={j} className="report-grid__total">
              {formatCount(n)}
            </td>
          ))}
          <td className="report-grid__total">{formatCount(g.total)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function CountTable({ rows, total, label = '' }: { rows: { label: string; count: Published }[]; total?: Published; label?: string }): ReactNode {
  const max = Math.max(1, ...rows.map((r) => (shown(r.count) ? r.count : 0)));
  if (!rows.length) return <p className="report__hint">None in the period.</p>;
  return (
    <table className="report__table">
      {label && (
        <thead>
          <tr>
            <th>{label}</th>
            <th className="n">Sightings</th>
            <th />
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <td>{r.label}</td>
            <td className="n">{formatCount(r.count)}</td>
            <td className="report__barcell">{shown(r.count) && r.count > 0 && <span className="report__bar" style={{ width: `${(r.count / max) * 100}%` }} />}</td>
          </tr>
        ))}
        {total !== undefined && (
          <tr className="report__total">
            <td>Total</td>
            <td className="n">{formatCount(total)}</td>
            <td />
          </tr>
        )}
      </tbody>
    </table>
  );
}
