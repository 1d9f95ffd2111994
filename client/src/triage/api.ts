/** Triage's requests: the queue, one submission with what is known round it, the decision. */
import type { Decision, DecisionResult, QueuedSubmission, TriageContext } from '../../../server/submissions/schema';
import { getJson, postJson } from '../api';

export type { Decision, DecisionResult, QueuedSubmission, TriageContext };
export type TriageItem = QueuedSubmission & { context: TriageContext };

export const queue = (signal?: AbortSignal) => getJson<{ items: QueuedSubmission[] }>('/api/submissions', {}, signal);
export const waiting = (signal?: AbortSignal) => getJson<{ waiting: number }>('/api/submissions/waiting', {}, signal);
export const openSubmission = (id: string, signal?: AbortSignal) => getJson<TriageItem>(`/api/submissions/${id}`, {}, signal);
/** The body as the form builds it, before the server validates it. */
export type DecisionBody = Omit<Decision, 'categories'> & { categories?: string[] };
export const decide = (id: string, body: DecisionBody) => postJson<DecisionResult>(`/api/submissions/${id}/decision`, body);
