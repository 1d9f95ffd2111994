/** `GET /healthz`: liveness, with what the sign-in page may say about this server. */
export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  /** PostGIS version, e.g. "3.6". */
  postgis: string;
  /** The first start loaded the demo town and wrote its users' passwords to demo-credentials.txt in the data directory. */
  demo: boolean;
}
