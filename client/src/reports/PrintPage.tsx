import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';
import { fetchPrintReport } from './api';
import { ReportView } from './ReportView';
import { PRINT_STYLE_URL } from './useStreetStyle';
import type { AreaReport } from './api';

/**
 * The page the server's own Chromium prints to PDF (server/reports/pdf.ts): no app
 * chrome, no session; the report comes once by the print ticket the browser holds, and
 * the street basemap under its map by the same ticket while the print lasts.
 * `data-print-state` says when it is drawn ("ready", map included) or "failed".
 */
export function PrintPage() {
  const [report, setReport] = useState<AreaReport | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState('');
  useEffect(() => {
    fetchPrintReport().then(
      (r) => {
        setReport(r);
        document.title = `${r.title} – ${r.marking}`;
      },
      (err: unknown) => {
        setState('failed');
        setError(err instanceof ApiError ? err.detail : String(err));
      },
    );
  }, []);
  // Fonts too: the PDF must not catch a fallback face.
  const onMapReady = useCallback(() => void document.fonts.ready.then(() => setState((s) => (s === 'failed' ? s : 'ready'))), []);
  const onMapError = useCallback((message: string) => {
    setError(`The map could not be drawn: ${message}`);
    setState('failed');
  }, []);
  return (
    <div className="report-print" data-print-state={state}>
      {state === 'failed' && <p role="alert">{error}</p>}
      {report && <ReportView report={report} onMapReady={onMapReady} onMapError={onMapError} styleUrl={PRINT_STYLE_URL} />}
    </div>
  );
}
