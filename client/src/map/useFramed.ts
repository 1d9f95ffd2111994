import { useMemo } from 'react';
import { FRAMES_PER_REQUEST } from '../../../server/lists';
import { useRemote, type Remote } from '../useRemote';
import type { Frame } from './playback';

/** What the map reads of a layer's data: a Remote without `update`. */
export type Held<T> = Pick<Remote<T>, 'data' | 'dataKey' | 'error' | 'loading' | 'retry'>;

/**
 * A map layer's data (clusters, heat) for the view. Stopped, one request for the view.
 * Playing or paused, the frames come FRAMES_PER_REQUEST at a time from the layer's
 * `/frames` endpoint, and each frame is drawn from that held answer: no request per
 * frame, so a step costs only the drawing.
 *
 * It reads like a single view's Remote: `dataKey` is `key` (the view with the frame's own
 * dates) once that frame is held, so the "frame shown" check and cluster lists opened from
 * the map work the same in both modes.
 */
export function useFramed<T>(opts: {
  /** The view with its dates (the frame's, while playing); null when the layer is off. */
  key: string | null;
  load: (signal: AbortSignal) => Promise<T>;
  /** The key of a batch of frames (`from/to,…`), or null when the layer is off. */
  batchKey: (frames: string) => string | null;
  loadBatch: (frames: string, signal: AbortSignal) => Promise<{ frames: T[] }>;
  frames: Frame[];
  /** The frame shown, or null when playback is stopped. */
  index: number | null;
}): Held<T> {
  const { key, load, batchKey, loadBatch, frames, index } = opts;
  const batch = index === null ? null : Math.floor(index / FRAMES_PER_REQUEST);
  const framesParam = useMemo(
    () => (batch === null ? '' : frames.slice(batch * FRAMES_PER_REQUEST, (batch + 1) * FRAMES_PER_REQUEST).map((f) => `${f.from}/${f.to}`).join(',')),
    [batch, frames],
  );
  const wanted = batch !== null && framesParam ? batchKey(framesParam) : null;
  const held = useRemote(wanted, (signal) => loadBatch(framesParam, signal));
  const single = useRemote(batch === null ? key : null, load);
  if (batch === null) return single;

  const ready = held.dataKey === wanted && held.data !== null;
  // While the next batch loads, the frame drawn last stays (the last of the batch before).
  const data = ready ? (held.data!.frames[index! - batch * FRAMES_PER_REQUEST] ?? null) : (held.data?.frames.at(-1) ?? null);
  return { data, dataKey: ready ? key : null, error: held.error, loading: held.loading, retry: held.retry };
}
