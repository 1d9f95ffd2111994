import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Street basemap files go through the import pipeline as kind `basemap` (issue 18): a
 * GeoPackage (`gpkg`, `osm-gpkg`) or GeoJSON (`geojson`, `osm-geojson`). `basemap` keeps
 * what such an import asked for and did: the layer asked for, the file's format, the
 * tables read and the rows loaded per layer.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (kind in ('sightings', 'premises', 'vehicles', 'areas', 'places', 'basemap'));
    alter table imports drop constraint if exists imports_format_check;
    alter table imports add constraint imports_format_check check (format in ('csv', 'geojson', 'gpkg', 'osm-gpkg', 'osm-geojson'));
    alter table imports add column basemap jsonb;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    delete from imports where kind = 'basemap';
    alter table imports drop column basemap;
    alter table imports drop constraint if exists imports_format_check;
    alter table imports add constraint imports_format_check check (format in ('csv', 'geojson'));
    alter table imports drop constraint if exists imports_kind_check;
    alter table imports add constraint imports_kind_check check (kind in ('sightings', 'premises', 'vehicles', 'areas', 'places'));
  `);
}
