import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Aggregates brought up to date once per bulk write instead of once per statement
 * (issue 20). An import lands its file in chunks of 20,000 rows; each chunk's statement
 * fired the aggregates trigger, which upserted the same cube and hour rows chunk after
 * chunk and was half to two thirds of the chunk's cost (`npm run bench:write-costs`).
 *
 * `sighting_aggregates_defer()` starts deferring in the calling transaction: from then on
 * `sighting_aggregates_refresh` (every aggregates trigger, on sightings, premises and areas)
 * only notes the sightings it was given. `sighting_aggregates_flush()` applies them all at
 * once, each sighting once, and stops deferring. Both belong to one transaction (the
 * setting is local to it and the list is a temporary table dropped at commit), so other
 * sessions never see rows without their aggregates, and a transaction that rolls back
 * leaves nothing behind. A transaction that defers and commits without flushing is flushed
 * as it commits: the deferral leaves a row in `aggregate_deferrals` whose deferred
 * constraint trigger flushes (and takes the row away) at commit, so a forgotten flush can
 * cost time but never a count. The facts keep the state before the deferral until the flush,
 * which is what makes one flush exact: a sighting changed or deleted is taken out as the
 * facts still hold it and put back as the table now holds it.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter function sighting_aggregates_refresh(uuid[], boolean) rename to sighting_aggregates_apply;

    create function sighting_aggregates_deferred() returns boolean language sql stable as $$
      select coalesce(current_setting('lantern.aggregates_deferred', true), '') = 'on'
    $$;

    -- The name the triggers call: applies at once, or notes the sightings while deferred.
    create function sighting_aggregates_refresh(ids uuid[], fresh boolean) returns void language plpgsql as $$
    begin
      if sighting_aggregates_deferred() then
        insert into sighting_aggregates_pending (id, fresh) select u.id, fresh from unnest(ids) u (id);
      else
        perform sighting_aggregates_apply(ids, fresh);
      end if;
    end $$;

    -- One row per deferring transaction, there only until it commits.
    create table aggregate_deferrals (txid bigint primary key);

    create function sighting_aggregates_defer() returns void language plpgsql as $$
    begin
      if sighting_aggregates_deferred() then return; end if;
      create temporary table if not exists sighting_aggregates_pending (id uuid not null, fresh boolean not null) on commit drop;
      perform set_config('lantern.aggregates_deferred', 'on', true);
      insert into aggregate_deferrals (txid) values (txid_current()) on conflict do nothing;
    end $$;

    -- Applies what was noted since sighting_aggregates_defer(); returns how many sightings.
    -- A sighting noted only as new has no facts yet (fresh); any other is taken out first.
    create function sighting_aggregates_flush() returns integer language plpgsql as $$
    declare
      n integer;
    begin
      if not sighting_aggregates_deferred() then return 0; end if;
      perform set_config('lantern.aggregates_deferred', 'off', true);
      select count(distinct id) into n from sighting_aggregates_pending;
      perform sighting_aggregates_apply(array(select id from sighting_aggregates_pending group by id having not bool_and(fresh)), false);
      perform sighting_aggregates_apply(array(select id from sighting_aggregates_pending group by id having bool_and(fresh)), true);
      drop table sighting_aggregates_pending;
      return n;
    end $$;

    create function aggregate_deferrals_commit() returns trigger language plpgsql as $$
    begin
      perform sighting_aggregates_flush();
      delete from aggregate_deferrals where txid = new.txid;
      return null;
    end $$;
    create constraint trigger aggregate_deferrals_commit after insert on aggregate_deferrals
      deferrable initially deferred for each row execute function aggregate_deferrals_commit();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop trigger aggregate_deferrals_commit on aggregate_deferrals;
    drop function aggregate_deferrals_commit();
    drop table aggregate_deferrals;
    drop function sighting_aggregates_flush();
    drop function sighting_aggregates_defer();
    drop function sighting_aggregates_refresh(uuid[], boolean);
    drop function sighting_aggregates_deferred();
    alter function sighting_aggregates_apply(uuid[], boolean) rename to sighting_aggregates_refresh;
  `);
}
