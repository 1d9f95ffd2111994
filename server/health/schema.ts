/** `GET /healthz`: liveness, with what the sign-in page may say about this server. */
export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  /** PostGIS version, e.g. "3.6". */
  postgis: string;
  /** The first start loaded the demo town and wrote its users' passwords to demo-credentials.txt in the data directory. */
  demo: boolean;
  /**
   * Read replicas (LANTERN_READ_DATABASE_URLS), numbered in the order configured; absent
   * when none are. `up` takes reads; `lagging` is further behind than LANTERN_REPLICA_MAX_LAG_MS
   * and `down` failed its last check or a read: their reads go to the primary. Their
   * addresses are not shown here (no sign-in needed): /metrics, for administrators, names them.
   */
  replicas?: { replica: number; state: 'up' | 'lagging' | 'down'; lagMs: number | null; lagBytes: number | null }[];
}
