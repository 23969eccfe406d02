import { communes } from '../communes/communes.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { haversine } from '../places/places.queries.ts';

type Db = Sql | TransactionSql;

/** Copies the communes' positions (server/data/communes-48.json) into SQL, so distances between members are computed there. */
export async function syncCommunePositions(sql: Db): Promise<void> {
  const rows = communes.map((c) => ({ code: c.code, lat: c.lat, lon: c.lon }));
  await sql`insert into commune_positions ${sql(rows, 'code', 'lat', 'lon')}
    on conflict (code) do update set lat = excluded.lat, lon = excluded.lon
    where commune_positions.lat is distinct from excluded.lat or commune_positions.lon is distinct from excluded.lon`;
}

export interface Origin {
  lat: number;
  lon: number;
}

/** Distance in km from `origin` to rows `alias` with lat, lon (the places' haversine). */
export const distanceFrom = (sql: Db, origin: Origin, alias = 'cp') => haversine(sql, origin.lat, origin.lon, alias);

/**
 * A bounding box that holds every point within `km` of the origin: an index-friendly
 * pre-filter before the exact haversine.
 */
export function boundingBox(sql: Db, origin: Origin, km: number, alias = 'cp') {
  const dLat = km / 111.2;
  const dLon = km / (111.2 * Math.cos((origin.lat * Math.PI) / 180));
  const a = sql(alias);
  return sql`${a}.lat between ${origin.lat - dLat}::float8 and ${origin.lat + dLat}::float8
    and ${a}.lon between ${origin.lon - dLon}::float8 and ${origin.lon + dLon}::float8`;
}
