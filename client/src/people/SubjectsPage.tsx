import { useEffect, useState, type FormEvent, type MouseEvent } from 'react';
import { SUBJECT_KIND_LABELS, SUBJECT_KINDS, type SubjectKind } from '../../../server/lists';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field, isFormLevel } from '../components/Field';
import { EmptyRow, TableHead } from '../components/Table';
import { hrefOf, type Page } from '../route';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { createSubject, searchSubjectPage, type NewSubject } from './api';
import './people.css';

interface Props {
  goTo: (to: Page, sub?: string, search?: string) => void;
}

const FIELDS = ['kind', 'ref', 'description', 'displayName'] as const;

/** `/people`: find a subject by reference, description or name; record a new one. */
export function SubjectsPage({ goTo }: Props) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // Searched as the analyst types, a moment after they stop: every search is an audited read.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(t);
  }, [typed]);
  const results = useRemote(`subjects:${q}`, (s) => searchSubjectPage(q, s));
  const rows = results.data?.items;
  const open = (id: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    goTo('people', id);
  };

  return (
    <div className="people">
      <h1>People</h1>
      <p className="panel__lede">Children at risk, persons of interest and described adults. Every search and every record opened is audited with your purpose.</p>
      <div className="people__columns">
        <section className="panel" aria-labelledby="people-search-heading">
          <h2 id="people-search-heading">Find a subject</h2>
          <form
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setQ(typed.trim());
            }}
          >
            <Field id="people-q" label="Reference, description or name">
              {(a) => <input {...a} type="search" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
            </Field>
          </form>
          {results.error && <ErrorMessage error={results.error} onRetry={results.retry} />}
          <div className="table-wrap">
            <table className="table" data-testid="subject-results" data-state={results.loading ? 'loading' : 'ready'}>
              <caption className="visually-hidden">Subjects</caption>
              <TableHead columns={['Reference', 'Kind', 'Description', '']} />
              <tbody>
                {rows?.length === 0 && <EmptyRow cols={4}>{q ? 'No subject matches.' : 'No subjects yet.'}</EmptyRow>}
                {rows?.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={hrefOf('people', s.id)} onClick={open(s.id)}>
                        {s.ref ?? 'No reference'}
                      </a>
                      {s.displayName && <div className="muted">{s.displayName}</div>}
                    </td>
                    <td>{SUBJECT_KIND_LABELS[s.kind] ?? s.kind}</td>
                    <td>{s.description}</td>
                    <td>{s.repeatMissing && <span className="people-badge people-badge--alert">Repeat missing</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {results.data && results.data.total > results.data.items.length && (
            <p className="muted" role="status">
              Showing {results.data.items.length} of {results.data.total}: add words to narrow the search.
            </p>
          )}
          {results.loading && !results.data && (
            <p className="loading" role="status">
              Searching…
            </p>
          )}
        </section>
        <NewSubjectForm created={(id) => goTo('people', id)} />
      </div>
    </div>
  );
}

function NewSubjectForm({ created }: { created: (id: string) => void }) {
  const [kind, setKind] = useState<SubjectKind>('child_at_risk');
  const [ref, setRef] = useState('');
  const [description, setDescription] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { pending, error, run } = useSubmit('The subject was not recorded');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewSubject = {
      kind,
      description: description.trim(),
      ...(ref.trim() ? { ref: ref.trim() } : {}),
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
    };
    void run(async () => created((await createSubject(body)).id));
  };

  return (
    <form className="panel people-form" onSubmit={submit} aria-labelledby="people-new-heading" noValidate>
      <h2 id="people-new-heading">Record a subject</h2>
      {isFormLevel(error, FIELDS) && (
        <p className="message message--error" role="alert">
          {error.detail}
        </p>
      )}
      <Field id="subject-kind" label="Kind" error={error?.fieldMessage('kind')}>
        {(a) => (
          <select {...a} value={kind} onChange={(e) => setKind(e.target.value as SubjectKind)}>
            {SUBJECT_KINDS.map((k) => (
              <option key={k} value={k}>
                {SUBJECT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="subject-ref" label="Reference (optional)" hint="The force's own reference, e.g. its records system's person number." error={error?.fieldMessage('ref')}>
        {(a) => <input {...a} type="text" maxLength={100} value={ref} onChange={(e) => setRef(e.target.value)} autoComplete="off" />}
      </Field>
      <Field id="subject-description" label="Description" hint="Enough to tell them apart: age, appearance, where they are known." error={error?.fieldMessage('description')}>
        {(a) => <textarea {...a} rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field id="subject-name" label="Display name (optional)" hint="Seen by analysts and admins only." error={error?.fieldMessage('displayName')}>
        {(a) => <input {...a} type="text" maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />}
      </Field>
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? 'Recording…' : 'Record subject'}
      </button>
    </form>
  );
}
