import { HANDLING_CODE_LABELS, INTEL_ASSESSMENT_LABELS, SOURCE_EVALUATION_LABELS, type HandlingCode, type IntelAssessment, type SourceEvaluation } from '../../../server/lists';

/** The 3x5x2 grading of a record. */
export interface Grading {
  sourceEval: SourceEvaluation;
  intelAssessment: IntelAssessment;
  handlingCode: HandlingCode;
}

/** Each part of the grading: its name, its codes with their meanings, and how a chosen option reads back. */
const PARTS: { key: keyof Grading; label: string; codes: Record<string, string>; read: (v: string) => Grading[keyof Grading] }[] = [
  { key: 'sourceEval', label: 'Source evaluation', codes: SOURCE_EVALUATION_LABELS, read: (v) => Number(v) as SourceEvaluation },
  { key: 'intelAssessment', label: 'Intelligence assessment', codes: INTEL_ASSESSMENT_LABELS, read: (v) => v as IntelAssessment },
  { key: 'handlingCode', label: 'Handling code', codes: HANDLING_CODE_LABELS, read: (v) => v as HandlingCode },
];

/** The three grading choices, each option with its code and meaning (the caller gives the fieldset). */
export function GradingSelects({ value, onChange }: { value: Grading; onChange: (g: Grading) => void }) {
  return (
    <>
      {PARTS.map((p) => (
        <label key={p.key}>
          {p.label}
          <select value={value[p.key]} onChange={(e) => onChange({ ...value, [p.key]: p.read(e.target.value) })}>
            {Object.entries(p.codes).map(([code, meaning]) => (
              <option key={code} value={code}>
                {code} – {meaning}
              </option>
            ))}
          </select>
        </label>
      ))}
    </>
  );
}
