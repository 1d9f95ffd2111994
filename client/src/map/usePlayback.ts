import { useCallback, useEffect, useMemo, useState } from 'react';
import { frames as cutFrames, type DayRange, type Frame, type Step } from './playback';

export type PlaybackStatus = 'stopped' | 'playing' | 'paused';

/** Milliseconds each frame stays on the map, slowest first. */
export const SPEEDS = [
  { ms: 2000, label: 'Slow (2 s a step)' },
  { ms: 1000, label: 'Normal (1 s a step)' },
  { ms: 500, label: 'Fast (½ s a step)' },
  { ms: 250, label: 'Fastest (¼ s a step)' },
] as const;

export interface Playback {
  status: PlaybackStatus;
  step: Step;
  speedMs: number;
  cumulative: boolean;
  frames: Frame[];
  index: number;
  /** The frame the map shows; null when stopped (the map shows the filters' own dates). */
  frame: Frame | null;
  play: () => void;
  pause: () => void;
  stop: () => void;
  /** Moves by n frames (pausing first), clamped to the ends. */
  stepBy: (n: number) => void;
  setStep: (s: Step) => void;
  setSpeed: (ms: number) => void;
  setCumulative: (on: boolean) => void;
}

/**
 * Plays `period` frame by frame. The next frame comes `speedMs` after the map has
 * shown the current one (`shown`), so a slow answer holds the playback rather than
 * skipping frames; at the last frame it pauses.
 */
export function usePlayback(period: DayRange | null, shown: boolean): Playback {
  const [status, setStatus] = useState<PlaybackStatus>('stopped');
  const [step, setStepState] = useState<Step>('week');
  const [speedMs, setSpeed] = useState(1000);
  const [cumulative, setCumulative] = useState(false);
  const [index, setIndex] = useState(0);

  const frames = useMemo(() => (period ? cutFrames(period, step, cumulative) : []), [period, step, cumulative]);
  const last = frames.length - 1;
  const at = Math.max(0, Math.min(index, last));

  useEffect(() => {
    if (status !== 'playing' || !shown) return;
    if (at >= last) {
      setStatus('paused');
      return;
    }
    const timer = window.setTimeout(() => setIndex(at + 1), speedMs);
    return () => window.clearTimeout(timer);
  }, [status, shown, at, last, speedMs]);

  const play = useCallback(() => {
    // From the start when stopped, or when paused at the end.
    if (status === 'stopped' || at >= last) setIndex(0);
    setStatus('playing');
  }, [status, at, last]);
  const pause = useCallback(() => setStatus((s) => (s === 'playing' ? 'paused' : s)), []);
  const stop = useCallback(() => {
    setStatus('stopped');
    setIndex(0);
  }, []);
  const stepBy = useCallback(
    (n: number) => {
      setStatus('paused');
      setIndex(Math.max(0, Math.min(at + n, last)));
    },
    [at, last],
  );
  const setStep = useCallback((s: Step) => {
    setStepState(s);
    setIndex(0);
  }, []);

  const frame = status === 'stopped' || !frames.length ? null : frames[at]!;
  return { status, step, speedMs, cumulative, frames, index: at, frame, play, pause, stop, stepBy, setStep, setSpeed, setCumulative };
}
