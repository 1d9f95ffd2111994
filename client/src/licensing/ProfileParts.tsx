import { type MakesafeIndicator, type SightingCategory } from '../../../server/lists';
import { AGENCY_LABELS, CATEGORY_LABELS, INDICATOR_LABELS } from '../../../server/labels';
import { formatCount, formatDateTime, formatGrading } from '../format';
import type { IntelItem, VisibleSighting } from './api';
import type { Published } from '../../../server/disclosure/secondary';

/** A hidden count ("<5", "[c]") sorts as the smallest. */
const rank = (n: Published) => (typeof n === 'number' ? n : 0);

/** Makesafe indicator counts, most frequent first. */
export function IndicatorCounts({ counts }: { counts: Partial<Record<MakesafeIndicator, Published>> }) {
  const rows = (Object.entries(counts) as [MakesafeIndicator, Published][]).sort((a, b) => rank(b[1]) - rank(a[1]));
  if (!rows.length) return <p className="lic-hint">No Makesafe indicators recorded in the period.</p>;
  return (
    <table className="lic-table" data-testid="indicator-counts">
      <thead><tr><th scope="col">Indicator</th><th scope="col" className="num">Sightings</th></tr></thead>
      <tbody>
        {rows.map(([code, n]) => (
          <tr key={code}><td>{INDICATOR_LABELS[code] ?? code}</td><td className="num">{formatCount(n)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** Sightings by category, most frequent first. */
export function CategoryCounts({ counts }: { counts: Partial<Record<SightingCategory, Published>> }) {
  const rows = (Object.entries(counts) as [SightingCategory, Published][]).sort((a, b) => rank(b[1]) - rank(a[1]));
  if (!rows.length) return null;
  return (
    <table className="lic-table">
      <thead><tr><th scope="col">Category</th><th scope="col" className="num">Sightings</th></tr></thead>
      <tbody>
        {rows.map(([c, n]) => (
          <tr key={c}><td>{CATEGORY_LABELS[c] ?? c}</td><td className="num">{formatCount(n)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

/** Linked intelligence, newest first, with its 3x5x2 grading. */
export function IntelList({ items, total }: { items: IntelItem[]; total: number }) {
  return (
    <div data-testid="intel-list">
      <p>
        {formatCount(total)} item{total === 1 ? '' : 's'} of intelligence held{total > items.length ? `; ${items.length} you may read are listed` : ''}.
      </p>
      {items.length > 0 && (
        <ul className="lic-intel">
          {items.map((i) => (
            <li key={i.id}>
              <span className="lic-grade" title="Source evaluation, intelligence assessment, handling code">{formatGrading(i)}</span>
              <span className="lic-intel__text">
                <strong>{i.summary}</strong>
                {i.narrative && <span className="lic-intel__narrative">{i.narrative}</span>}
                <span className="lic-meta">
                  {formatDateTime(i.reportedAt)} · {AGENCY_LABELS[i.sourceAgency]} · review due {i.reviewDue}
                  {i.indicators.length > 0 && ` · ${i.indicators.map((c) => INDICATOR_LABELS[c] ?? c).join('; ')}`}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The individual sightings the caller may read (newest first), capped for the page. */
export function SightingList({ items, total, limit = 50 }: { items: VisibleSighting[]; total: Published; limit?: number }) {
  const sorted = [...items].sort((a, b) => b.observedAt.localeCompare(a.observedAt));
  return (
    <div>
      <p>
        You may read {formatCount(items.length)} of the {formatCount(total)} sightings{items.length > limit ? `; the latest ${limit} are listed` : ''}.
      </p>
      {items.length > 0 && (
        <table className="lic-table">
          <thead><tr><th scope="col">When</th><th scope="col">Category</th><th scope="col">Source</th><th scope="col">Grade</th></tr></thead>
          <tbody>
            {sorted.slice(0, limit).map((s) => (
              <tr key={s.id}>
                <td>{formatDateTime(s.observedAt)}</td>
                <td>{CATEGORY_LABELS[s.category]}</td>
                <td>{AGENCY_LABELS[s.sourceAgency]}</td>
                <td>{formatGrading(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * The bundle's cover line, shown only in print (the marking itself is in every page's
 * margins, from the print CSS): what this is and when it was printed.
 */
export function PrintMarking({ title }: { title: string }) {
  return (
    <p className="lic-print-title">
      OFFICIAL-SENSITIVE · {title} · Lantern profile printed {formatDateTime(new Date().toISOString())} for a licensing sub-committee bundle. Synthetic demo data where so labelled.
    </p>
  );
}
