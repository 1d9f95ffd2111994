import { useEffect, useState } from 'react';
import { waiting } from './api';

/** How often the header's count of waiting submissions is refreshed, milliseconds. */
const REFRESH_MS = 60_000;

/** The number of partner submissions waiting for triage, beside the Triage link (analysts and admins). */
export function TriageBadge() {
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const load = () => waiting(ctl.signal).then((r) => setN(r.waiting), () => {});
    load();
    const timer = setInterval(load, REFRESH_MS);
    const onChange = () => load();
    window.addEventListener('lantern:triage-changed', onChange);
    return () => {
      ctl.abort();
      clearInterval(timer);
      window.removeEventListener('lantern:triage-changed', onChange);
    };
  }, []);
  if (!n) return null;
  return (
    <span className="triage-badge" data-testid="triage-badge" aria-label={`${n} waiting for triage`}>
      {n}
    </span>
  );
}
