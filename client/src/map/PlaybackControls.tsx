import { STEPS, type Step } from './playback';
import { SPEEDS, type Playback } from './usePlayback';

const STEP_LABELS: Record<Step, string> = { day: 'Day by day', week: 'Week by week', month: 'Month by month' };
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const date = (day: string, f: Intl.DateTimeFormat) => f.format(new Date(`${day}T00:00:00Z`));

/** "Week of 3 Mar 2025", "March 2025", "Mon 3 Mar 2025"; cumulative frames say where they start. */
export function frameLabel(p: Playback): string {
  const f = p.frame;
  if (!f) return p.frames.length ? `${p.frames.length} ${p.step}s to play` : 'Nothing to play';
  const step = p.step === 'week' ? `Week of ${date(f.stepStart, dayMonth)}` : p.step === 'month' ? date(f.stepStart, monthYear) : date(f.stepStart, dayMonth);
  const upTo = p.cumulative ? `${date(f.from, dayMonth)} to ${date(f.to, dayMonth)}` : step;
  return `${upTo} (${p.index + 1} of ${p.frames.length})`;
}

/** Play the period day, week or month at a time; the map and the count follow. */
export function PlaybackControls({ playback: p }: { playback: Playback }) {
  const playing = p.status === 'playing';
  const none = p.frames.length === 0;
  return (
    <fieldset className="control-group playback">
      <legend>Play through time</legend>
      <div className="playback__buttons">
        <button type="button" className="button button--small" onClick={() => p.stepBy(-1)} disabled={none || p.status === 'stopped' || p.index === 0} aria-label="Previous step">
          ◀
        </button>
        <button type="button" className="button button--small button--primary" onClick={playing ? p.pause : p.play} disabled={none}>
          {playing ? 'Pause' : p.status === 'paused' ? 'Resume' : 'Play'}
        </button>
        <button type="button" className="button button--small" onClick={() => p.stepBy(1)} disabled={none || p.index >= p.frames.length - 1} aria-label="Next step">
          ▶
        </button>
        <button type="button" className="button button--small" onClick={p.stop} disabled={p.status === 'stopped'}>
          Stop
        </button>
      </div>
      <p className="playback__frame" role="status" data-testid="playback-frame">
        {frameLabel(p)}
      </p>
      <div className="playback__options">
        <div className="field field--inline">
          <label htmlFor="playback-step">Step</label>
          <select id="playback-step" value={p.step} onChange={(e) => p.setStep(e.target.value as Step)}>
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {STEP_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--inline">
          <label htmlFor="playback-speed">Speed</label>
          <select id="playback-speed" value={p.speedMs} onChange={(e) => p.setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s.ms} value={s.ms}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="check">
          <input id="playback-cumulative" type="checkbox" checked={p.cumulative} onChange={(e) => p.setCumulative(e.target.checked)} />
          <label htmlFor="playback-cumulative">Cumulative (keep earlier steps)</label>
        </div>
      </div>
    </fieldset>
  );
}
