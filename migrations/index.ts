import type { Knex } from 'knex';
import * as initial from './20261128_001_initial.js';
import * as tokensReview from './20261128_002_tokens_review.js';
import * as licensing from './20261128_003_licensing.js';
import * as imports from './20261128_004_imports.js';
import * as disruption from './20261128_005_disruption.js';
import * as bng from './20261128_006_bng.js';
import * as mercator from './20261202_007_mercator.js';
import * as auditOwner from './20261210_008_audit_owner.js';
import * as basemap from './20261211_009_basemap.js';
import * as submissions from './20261211_010_submissions.js';
import * as placeImports from './20261211_011_place_imports.js';
import * as basemapImports from './20261212_012_basemap_imports.js';
import * as areaPopulation from './20261212_013_area_population.js';
import * as importWarnings from './20261213_014_import_warnings.js';
import * as subjects from './20261214_015_subjects.js';
import * as episodeOutcome from './20261215_016_episode_outcome.js';
import * as aggregates from './20261216_017_aggregates.js';
import * as deferredAggregates from './20261217_018_deferred_aggregates.js';
import * as hourMarginals from './20261218_019_hour_marginals.js';
import * as dayHours from './20261219_020_day_hours.js';
import * as derivedHere from './20261220_021_derived_here.js';
import * as bngCube from './20261221_022_bng_cube.js';
import * as zoom12Cube from './20261222_023_zoom12_cube.js';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/**
 * Every migration, in order. Listed by hand rather than read from the folder so the
 * same list works under tsx, compiled JavaScript and the bundled CLI.
 */
export const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['20261128_001_initial', initial],
  ['20261128_002_tokens_review', tokensReview],
  ['20261128_003_licensing', licensing],
  ['20261128_004_imports', imports],
  ['20261128_005_disruption', disruption],
  ['20261128_006_bng', bng],
  ['20261202_007_mercator', mercator],
  ['20261210_008_audit_owner', auditOwner],
  ['20261211_009_basemap', basemap],
  ['20261211_010_submissions', submissions],
  ['20261211_011_place_imports', placeImports],
  ['20261212_012_basemap_imports', basemapImports],
  ['20261212_013_area_population', areaPopulation],
  ['20261213_014_import_warnings', importWarnings],
  ['20261214_015_subjects', subjects],
  ['20261215_016_episode_outcome', episodeOutcome],
  ['20261216_017_aggregates', aggregates],
  ['20261217_018_deferred_aggregates', deferredAggregates],
  ['20261218_019_hour_marginals', hourMarginals],
  ['20261219_020_day_hours', dayHours],
  ['20261220_021_derived_here', derivedHere],
  ['20261221_022_bng_cube', bngCube],
  ['20261222_023_zoom12_cube', zoom12Cube],
];

export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
