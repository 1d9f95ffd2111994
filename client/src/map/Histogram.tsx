import { useRef, useState, type PointerEvent } from 'react';
import { formatCount } from '../format';
import type { Count } from './api';
import { bucketEnd, type DayRange, type Step } from './playback';

interface Props {
  buckets: { start: string; count: Count }[];
  interval: Step;
  /** The chosen dates, drawn dark; null ends are open. */
  selection: { from: string | null; to: string | null };
  /** The playback frame, drawn amber. */
  frame: DayRange | null;
  /** Dates chosen by dragging across the bars. */
  onSelect: (range: DayRange) => void;
}

const W = 320;
const H = 56;

const INTERVAL_WORDS: Record<Step, string> = { day: 'day', week: 'week', month: 'month' };
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDate = (day: string) => monthYear.format(new Date(`${day}T00:00:00Z`));

/**
 * Counts per day, week or month as bars under the date inputs. Dragging across the
 * bars chooses those dates (the inputs above do the same from the keyboard).
 */
export function Histogram({ buckets, interval, selection, frame, onSelect }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  if (!buckets.length) return <p className="histogram__empty">No sightings match the other filters at any date.</p>;

  const value = (c: Count) => (typeof c === 'number' ? c : 2.5);
  const max = Math.max(1, ...buckets.map((b) => value(b.count)));
  const bw = W / buckets.length;
  const ends = buckets.map((b) => bucketEnd(b.start, interval));
  const lo = drag ? Math.min(drag.a, drag.b) : -1;
  const hi = drag ? Math.max(drag.a, drag.b) : -1;

  const indexAt = (e: PointerEvent) => {
    const r = svg.current!.getBoundingClientRect();
    return Math.max(0, Math.min(buckets.length - 1, Math.floor(((e.clientX - r.left) / r.width) * buckets.length)));
  };
  const fill = (i: number) => {
    const b = buckets[i]!;
    if (drag) return i >= lo && i <= hi ? '#1f5fa8' : '#c3c9d2';
    if (frame && b.start <= frame.to && ends[i]! >= frame.from) return '#d98c00';
    const inSel = (!selection.from || ends[i]! >= selection.from) && (!selection.to || b.start <= selection.to);
    return inSel ? '#1d2b3a' : '#c3c9d2';
  };
  const peak = buckets.reduce((m, b) => Math.max(m, typeof b.count === 'number' ? b.count : 0), 0);

  return (
    <div className="histogram">
      <svg
        ref={svg}
        className="histogram__chart"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Sightings per ${INTERVAL_WORDS[interval]} from ${shortDate(buckets[0]!.start)} to ${shortDate(ends[ends.length - 1]!)}; the busiest ${INTERVAL_WORDS[interval]} had ${formatCount(peak)}.`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          const i = indexAt(e);
          setDrag({ a: i, b: i });
        }}
        onPointerMove={(e) => drag && setDrag({ ...drag, b: indexAt(e) })}
        onPointerUp={() => {
          if (drag) onSelect({ from: buckets[lo]!.start, to: ends[hi]! });
          setDrag(null);
        }}
        onPointerCancel={() => setDrag(null)}
      >
        {buckets.map((b, i) => {
          const h = Math.max(1, (value(b.count) / max) * (H - 2));
          return (
            <rect key={b.start} x={i * bw + 0.15 * bw} y={H - h} width={Math.max(0.6, bw * 0.7)} height={h} fill={fill(i)}>
              <title>{`${b.start}: ${typeof b.count === 'number' ? formatCount(b.count) : b.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="histogram__axis" aria-hidden="true">
        <span>{shortDate(buckets[0]!.start)}</span>
        <span>per {INTERVAL_WORDS[interval]}, most {formatCount(peak)}</span>
        <span>{shortDate(ends[ends.length - 1]!)}</span>
      </div>
    </div>
  );
}
