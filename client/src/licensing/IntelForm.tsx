import { useState, type FormEvent } from 'react';
import { useReportSessionProblem } from '../SessionContext';
import { GradingSelects, type Grading } from '../components/GradingSelects';
import { formatDate, formatGrading } from '../format';
import { MAKESAFE_INDICATORS, SOURCE_AGENCIES, type MakesafeIndicator, type PremisesCategory, type SourceAgency } from '../../../server/lists';
import { AGENCY_LABELS } from '../../../server/labels';
import { asApiError, ApiError, isPurposeRequired, isUnauthenticated } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { createIntel, type IntelItem } from './api';

interface Props {
  subjectType: 'premises' | 'vehicle';
  subjectId: string;
  /** The premises' category; vehicles take the taxi signs. Its Makesafe signs are offered first. */
  category: PremisesCategory | 'vehicle';
  onCreated: (i: IntelItem) => void;
}

/** Which Makesafe signs apply to the subject: those first, the rest after. */
function indicatorsFor(category: PremisesCategory | 'vehicle') {
  const cats: readonly string[] = category === 'vehicle' ? ['taxi_rank', 'private_hire_operator'] : [category];
  const applies = (i: (typeof MAKESAFE_INDICATORS)[number]) => (i.appliesTo as readonly string[]).some((c) => cats.includes(c));
  return [...MAKESAFE_INDICATORS.filter(applies), ...MAKESAFE_INDICATORS.filter((i) => !applies(i))].map((i) => ({ ...i, usual: applies(i) }));
}

/** Records graded (3x5x2) intelligence about this premises or vehicle, with Makesafe indicators. */
export function IntelForm({ subjectType, subjectId, category, onCreated }: Props) {
  const onSessionProblem = useReportSessionProblem();
  const [agency, setAgency] = useState<SourceAgency>('licensing');
  const [grading, setGrading] = useState<Grading>({ sourceEval: 2, intelAssessment: 'C', handlingCode: 'P' });
  const [summary, setSummary] = useState('');
  const [narrative, setNarrative] = useState('');
  const [chosen, setChosen] = useState<Set<MakesafeIndicator>>(new Set());
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const created = await createIntel({
        subjectType, subjectId, sourceAgency: agency, ...grading,
        summary, ...(narrative.trim() ? { narrative } : {}), indicators: [...chosen],
      });
      setSummary('');
      setNarrative('');
      setChosen(new Set());
      setDone(`Recorded, graded ${formatGrading(created)}; review due ${formatDate(new Date(`${created.reviewDue}T00:00:00Z`))}.`);
      onCreated(created);
    } catch (err) {
      if (isUnauthenticated(err) || isPurposeRequired(err)) onSessionProblem(err);
      else setError(asApiError(err, 'Could not record'));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (code: MakesafeIndicator) =>
    setChosen((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  const errorOf = (path: string) => error?.errors?.find((f) => f.path === path)?.message;

  return (
    <form className="lic-intel-form no-print" onSubmit={submit} aria-labelledby="lic-intel-form-h">
      <h2 id="lic-intel-form-h">Add intelligence</h2>
      {error && <ErrorMessage error={error} />}
      {done && <p className="lic-ok" role="status">{done}</p>}
      <div className="lic-grid">
        <label>
          Source agency
          <select value={agency} onChange={(e) => setAgency(e.target.value as SourceAgency)}>
            {SOURCE_AGENCIES.map((a) => <option key={a} value={a}>{AGENCY_LABELS[a]}</option>)}
          </select>
        </label>
        <GradingSelects value={grading} onChange={setGrading} />
      </div>
      <label>
        Summary
        <input value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={1000} aria-invalid={Boolean(errorOf('summary'))} />
      </label>
      {errorOf('summary') && <p className="lic-field-error">{errorOf('summary')}</p>}
      <label>
        Narrative (optional)
        <textarea value={narrative} onChange={(e) => setNarrative(e.target.value)} rows={3} maxLength={10000} />
      </label>
      <fieldset className="lic-indicators">
        <legend>Operation Makesafe indicators seen</legend>
        {indicatorsFor(category).map((i) => (
          <label key={i.code} className={i.usual ? 'lic-check' : 'lic-check lic-check--other'}>
            <input type="checkbox" checked={chosen.has(i.code)} onChange={() => toggle(i.code)} /> {i.label}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button" disabled={busy || !summary.trim()}>
        {busy ? 'Recording…' : 'Record intelligence'}
      </button>
    </form>
  );
}
