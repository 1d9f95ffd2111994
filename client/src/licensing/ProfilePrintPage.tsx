import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';
import { fetchPrintProfile, printStyleUrl, type PremisesProfile, type ProfileKind, type VehicleProfile } from './api';
import { PrintMarking } from './ProfileParts';
import { PremisesProfileView, VehicleProfileView } from './ProfilePage';
import './licensing.css';

type Loaded = { kind: 'premises'; p: PremisesProfile } | { kind: 'vehicle'; p: VehicleProfile };

/**
 * The page the server's own Chromium prints a profile's PDF from (server/print/): no
 * app chrome, no session; the profile comes once by the print ticket the browser
 * holds (built for the user who asked, disclosure control and all), and the street
 * basemap under its map by the same ticket while the print lasts.
 * `data-print-state` says when it is drawn ("ready", map included) or "failed".
 */
export function ProfilePrintPage({ kind }: { kind: ProfileKind }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState('');
  const fail = useCallback((message: string) => {
    setError(message);
    setState('failed');
  }, []);
  useEffect(() => {
    const got = kind === 'premises' ? fetchPrintProfile('premises').then((p): Loaded => ({ kind, p })) : fetchPrintProfile('vehicle').then((p): Loaded => ({ kind, p }));
    got.then(
      (l) => {
        setLoaded(l);
        document.title = `${l.kind === 'premises' ? l.p.premises.name : `Vehicle ${l.p.vehicle.plate}`} – OFFICIAL-SENSITIVE`;
      },
      (err: unknown) => fail(err instanceof ApiError ? err.detail : String(err)),
    );
  }, [kind, fail]);
  // Fonts too: the PDF must not catch a fallback face.
  const onReady = useCallback(() => void document.fonts.ready.then(() => setState((s) => (s === 'failed' ? s : 'ready'))), []);
  const map = { onReady, styleUrl: printStyleUrl(kind) };
  return (
    <article className="lic lic-profile lic-profile--print" data-print-state={state}>
      {state === 'failed' && <p role="alert">{error}</p>}
      {loaded?.kind === 'premises' && (
        <>
          <PrintMarking title={loaded.p.premises.name} />
          <PremisesProfileView p={loaded.p} map={map} />
        </>
      )}
      {loaded?.kind === 'vehicle' && (
        <>
          <PrintMarking title={`Vehicle ${loaded.p.vehicle.plate}`} />
          <VehicleProfileView p={loaded.p} map={map} />
        </>
      )}
    </article>
  );
}
