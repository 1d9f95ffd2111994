import type { Knex } from 'knex';

export async function postgisVersion(knex: Knex): Promise<string> {
  const r = await knex.raw('select postgis_lib_version() as v');
  return r.rows[0].v;
}

/** Whether the database answers `select 1` within `ms` milliseconds. */
export async function ping(knex: Knex, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([knex.raw('select 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
