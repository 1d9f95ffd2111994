/** Triage's requests: the queue, one submission with what is known round it, the decision. */
import type { Decision, DecisionResult, EpisodeDecision, QueuedSubmission, TriageContext } from '../../../server/submissions/schema';
import type { SubjectSummary } from '../../../server/subjects/schema';
import { getJson, postJson } from '../api';

export type { Decision, DecisionResult, EpisodeDecision, QueuedSubmission, SubjectSummary, TriageContext };
export type TriageItem = QueuedSubmission & { context: TriageContext };

export const queue = (signal?: AbortSignal) => getJson<{ items: QueuedSubmission[] }>('/api/submissions', {}, signal);
export const waiting = (signal?: AbortSignal) => getJson<{ waiting: number }>('/api/submissions/waiting', {}, signal);
export const openSubmission = (id: string, signal?: AbortSignal) => getJson<TriageItem>(`/api/submissions/${id}`, {}, signal);
/** The body as the form builds it, before the server validates it. */
export type DecisionBody = Omit<Decision, 'categories'> & { categories?: string[] };
export const decide = (id: string, body: DecisionBody) => postJson<DecisionResult>(`/api/submissions/${id}/decision`, body);

/** Subjects matching the words (reference, description, name): the child an episode is about, or who brought them back. */
export const searchSubjects = (q: string, signal?: AbortSignal) => getJson<{ items: SubjectSummary[] }>('/api/subjects', { q, limit: '10' }, signal);
/** A new child at risk, made from triage when the force holds none yet. */
export const createChild = (body: { ref?: string; description: string }) => postJson<{ id: string }>('/api/subjects', { kind: 'child_at_risk', ...body });
