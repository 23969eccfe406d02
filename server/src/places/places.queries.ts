import type { OpeningInterval, PlaceKind, PlaceService } from '../../../shared/places.schema.ts';
import type { Sql, TransactionSql } from '../db/sql.ts';
import { visibleTo } from '../profiles/visibility.ts';

type Db = Sql | TransactionSql;

export interface PlaceRow {
  id: string;
  name: string;
  kind: PlaceKind;
  communeCode: string | null;
  lat: number | null;
  lon: number | null;
  address: string;
  description: string;
  contact: string;
  openingHours: OpeningInterval[];
  monthsOpen: number[];
  monthsRoomsFree: number[];
  services: PlaceService[];
  demo: boolean;
  updatedAt: Date;
  distanceKm: number | null;
  presentCount: number;
}

/** A check-in is open while not ended and started today, Europe/Paris (a later read closes it at midnight). */
export const openCheckIn = (sql: Db, alias = 'c') =>
  sql`${sql(alias)}.ended_at is null and (${sql(alias)}.started_at at time zone 'Europe/Paris')::date = (now() at time zone 'Europe/Paris')::date`;

/** Great-circle distance in km between rows `alias` (with lat, lon; places `p` by default) and a point (haversine: plain SQL, no extension). */
export const haversine = (sql: Db, lat: number, lon: number, alias = 'p') => sql`
  6371.0088 * 2 * asin(sqrt(
    power(sin(radians(${sql(alias)}.lat - ${lat}::float8) / 2), 2)
    + cos(radians(${lat}::float8)) * cos(radians(${sql(alias)}.lat)) * power(sin(radians(${sql(alias)}.lon - ${lon}::float8) / 2), 2)))`;

export interface DirectoryFilter {
  kind?: PlaceKind;
  services?: PlaceService[];
  month?: number;
  origin?: { lat: number; lon: number };
  maxKm?: number;
  byDistance?: boolean;
  placeId?: string;
  limit: number;
}

export async function selectPlaces(sql: Db, f: DirectoryFilter): Promise<PlaceRow[]> {
  const distance = f.origin ? haversine(sql, f.origin.lat, f.origin.lon) : sql`null::float8`;
  return sql<PlaceRow[]>`
    select * from (
      select p.id, p.name, p.kind, p.commune_code, p.lat, p.lon, p.address, p.description, p.contact,
        p.opening_hours, p.months_open, p.months_rooms_free, p.services, p.demo, p.updated_at,
        ${distance} as distance_km,
        (select count(*)::int from check_ins c where c.place_id = p.id and ${openCheckIn(sql)}) as present_count
      from places p
      where true
        ${f.placeId ? sql`and p.id = ${f.placeId}` : sql``}
        ${f.kind ? sql`and p.kind = ${f.kind}` : sql``}
        ${f.services?.length ? sql`and p.services @> ${sql.array(f.services)}::text[]` : sql``}
        ${f.month ? sql`and ${f.month}::int = any(p.months_open)` : sql``}
    ) x
    where true ${f.maxKm !== undefined && f.origin ? sql`and x.distance_km <= ${f.maxKm}::float8` : sql``}
    order by ${f.byDistance && f.origin ? sql`x.distance_km nulls last,` : sql``} x.name, x.id
    limit ${f.limit}`;
}

/** Who a viewer may see: the one shared rule, also used by profiles, search and matches. */
export { visibleTo };

export interface PersonRow {
  userId: string;
  displayName: string;
  role: 'member' | 'animator';
  visible: boolean;
}

export async function placePeople(sql: Db, placeId: string, viewerId: string | null): Promise<PersonRow[]> {
  return sql<PersonRow[]>`
    select u.id as user_id, u.display_name, pm.role, ${visibleTo(sql, viewerId)} as visible
    from place_members pm join users u on u.id = pm.user_id
    where pm.place_id = ${placeId}
    order by pm.role desc, u.display_name, u.id`;
}

export interface CheckInRow {
  userId: string;
  displayName: string;
  startedAt: Date;
  visible: boolean;
}

export async function presentAt(sql: Db, placeId: string, viewerId: string | null): Promise<CheckInRow[]> {
  return sql<CheckInRow[]>`
    select u.id as user_id, u.display_name, c.started_at, ${visibleTo(sql, viewerId)} as visible
    from check_ins c join users u on u.id = c.user_id
    where c.place_id = ${placeId} and ${openCheckIn(sql)}
    order by c.started_at, u.id`;
}

export async function membershipOf(sql: Db, placeId: string, userId: string): Promise<'member' | 'animator' | null> {
  const [row] = await sql<{ role: 'member' | 'animator' }[]>`select role from place_members where place_id = ${placeId} and user_id = ${userId}`;
  return row?.role ?? null;
}

export async function placeExists(sql: Db, placeId: string): Promise<boolean> {
  const [row] = await sql`select 1 from places where id = ${placeId}`;
  return Boolean(row);
}

export async function removeMember(sql: Db, placeId: string, userId: string): Promise<boolean> {
  const rows = await sql`delete from place_members where place_id = ${placeId} and user_id = ${userId} returning 1`;
  return rows.length > 0;
}

/** Closes the check-ins left open past midnight, at that midnight; returns the places concerned. */
export async function closeExpiredCheckIns(sql: Db, userId?: string): Promise<string[]> {
  const rows = await sql<{ placeId: string }[]>`
    update check_ins set ended_at = (((started_at at time zone 'Europe/Paris')::date + 1)::timestamp at time zone 'Europe/Paris')
    where ended_at is null and (started_at at time zone 'Europe/Paris')::date < (now() at time zone 'Europe/Paris')::date
      ${userId ? sql`and user_id = ${userId}` : sql``}
    returning place_id`;
  return [...new Set(rows.map((r) => r.placeId))];
}

export async function myOpenCheckIn(sql: Db, userId: string): Promise<{ placeId: string; placeName: string; startedAt: Date } | undefined> {
  const [row] = await sql<{ placeId: string; placeName: string; startedAt: Date }[]>`
    select c.place_id, p.name as place_name, c.started_at from check_ins c join places p on p.id = c.place_id
    where c.user_id = ${userId} and ${openCheckIn(sql)}`;
  return row;
}
