import type { Knex } from 'knex';
import { runScript } from './sql.js';

/**
 * Reference layers for the street basemap (issue 18): road centre lines with names and
 * class, water, green space and buildings, from OS Open Roads / Zoomstack / OpenMap Local
 * or an OpenStreetMap extract, or the demo town's synthetic network. Geometry is kept in
 * Web Mercator (EPSG:3857), the CRS of the vector tiles served from them, so a tile query
 * compares the stored column with `ST_TileEnvelope` directly and its GiST index is used.
 * `source` names the file (or `synthetic demo`) a row came from; an import replaces a
 * whole layer in one transaction.
 */
export async function up(knex: Knex): Promise<void> {
  await runScript(knex, `
    create table basemap_roads (
      id bigserial primary key,
      name text,
      class text not null,
      source text not null,
      synthetic boolean not null default false,
      geom geometry(MultiLineString, 3857) not null
    );
    create index basemap_roads_geom on basemap_roads using gist (geom);

    create table basemap_water (
      id bigserial primary key,
      name text,
      source text not null,
      synthetic boolean not null default false,
      geom geometry(Geometry, 3857) not null
    );
    create index basemap_water_geom on basemap_water using gist (geom);

    create table basemap_green (
      id bigserial primary key,
      name text,
      source text not null,
      synthetic boolean not null default false,
      geom geometry(MultiPolygon, 3857) not null
    );
    create index basemap_green_geom on basemap_green using gist (geom);

    create table basemap_buildings (
      id bigserial primary key,
      source text not null,
      synthetic boolean not null default false,
      geom geometry(MultiPolygon, 3857) not null
    );
    create index basemap_buildings_geom on basemap_buildings using gist (geom);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await runScript(knex, `
    drop table basemap_buildings;
    drop table basemap_green;
    drop table basemap_water;
    drop table basemap_roads;
  `);
}
