/**
 * The import endpoints, typed. Uploads go through XMLHttpRequest rather than
 * fetch because only it reports upload progress; they carry the session's CSRF
 * token and read problem documents as `../api` does.
 */
import { ApiError, csrfHeaders, getJson, problemOfResponse } from '../api';
import type { ImportKind } from '../../../server/lists';
import type { ImportStatus as ServerImportStatus, ImportStatusName, ImportSummary as ServerImportSummary, StoredBasemap } from '../../../server/imports/schema';
import type { Wire } from '../../../server/http/wire';

/** What a basemap import asked for and, once done, what it loaded. */
export type BasemapImportDetail = StoredBasemap;
export type { ImportStatusName };

/** A past import as `GET /api/imports` lists it. */
export type ImportSummary = Wire<ServerImportSummary>;

/** One import as `GET /api/imports/:id` (or a finished `POST`) gives it. */
export type ImportStatus = Wire<ServerImportStatus>;

/** What a `POST /api/imports/:kind` came back with. */
export type UploadOutcome =
  | { kind: 'finished'; status: ImportStatus }
  /** 202: a big file carries on in the background; poll `GET /api/imports/:id`. */
  | { kind: 'accepted'; id: string };

export const listImports = (signal?: AbortSignal) => getJson<{ imports: ImportSummary[] }>('/api/imports', {}, signal).then((r) => r.imports);

export const importStatus = (id: string, signal?: AbortSignal) => getJson<ImportStatus>(`/api/imports/${encodeURIComponent(id)}`, {}, signal);

/**
 * `POST /api/imports/<kind><query>` with the file as the body. `onUpload` hears the
 * fraction sent (0–1). Rejects with ApiError (a strict-mode refusal is a 422 whose
 * `errors` name the rows), or an AbortError when `signal` aborts.
 */
export function uploadImport(
  kind: ImportKind,
  query: string,
  file: Blob,
  contentType: string,
  onUpload: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/${encodeURIComponent(kind)}${query}`);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onUpload(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'Server unreachable', 'Lantern’s server could not be reached. Check the connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      const res = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (!res.ok) {
        problemOfResponse(res).then(reject, reject);
        return;
      }
      res.json().then((body: unknown) => {
        const b = body as ImportStatus & { id: string };
        resolve(xhr.status === 202 ? { kind: 'accepted', id: b.id } : { kind: 'finished', status: b });
      }, reject);
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
