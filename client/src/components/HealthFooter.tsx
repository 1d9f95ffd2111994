import { useEffect, useState } from 'react';
import { asApiError, health, type ApiError, type Health } from '../api';
import { DATABASE_LABELS } from '../../../server/labels';

/** Service status from `GET /healthz`, which needs no session. */
export function HealthFooter() {
  const [state, setState] = useState<{ health?: Health; error?: ApiError }>({});

  useEffect(() => {
    let live = true;
    health().then(
      (h) => live && setState({ health: h }),
      (err: unknown) => live && setState({ error: asApiError(err, 'Unavailable') }),
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <footer className="app-footer">
      <p>
        {state.health ? (
          <>
            Service <span className={state.health.status === 'ok' ? 'status status--ok' : 'status'}>{state.health.status}</span>
            {' · '}database {DATABASE_LABELS[state.health.database] ?? state.health.database}
            {' · '}PostGIS {state.health.postgis}
          </>
        ) : state.error ? (
          <>Service status unavailable: {state.error.detail}</>
        ) : (
          <>Checking service status…</>
        )}
      </p>
    </footer>
  );
}
