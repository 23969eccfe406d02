import express from 'express';
import {
  addMemberBody,
  createPlaceBody,
  directoryQuery,
  placeMemberParams,
  placeParams,
  PlaceLimits,
  updatePlaceBody,
  type Directory,
  type MapData,
  type MyCheckIn,
} from '../../../shared/places.schema.ts';
import { addPlaceMember, setAnimator } from '../accounts/places.queries.ts';
import { communeByCode, normalizeName } from '../communes/communes.ts';
import { AppError, Errors } from '../errors.ts';
import { route } from '../http/registry.ts';
import { mapData } from './map-data.ts';
import { membershipOf, myOpenCheckIn, placeExists, removeMember, selectPlaces } from './places.queries.ts';
import { presentSummary, type Places } from './places.service.ts';

const unknownCommune = () => Errors.validation([{ path: 'communeCode', message: 'Not a current commune of Lozère.' }]);

export function placesRoutes(places: Places): express.Router {
  const r = express.Router();
  const { sql, log, config } = places.ctx;

  // ---- Public: directory, map, place pages (people only as each viewer may see them) ----

  route(r, { method: 'get', path: '/api/places', access: 'public', query: directoryQuery }, async ({ query, auth }): Promise<Directory> => {
    let origin: Directory['origin'] = null;
    if (query.lat !== undefined && query.lon !== undefined) origin = { lat: query.lat, lon: query.lon, communeCode: null };
    else {
      let code = query.commune;
      if (!code && query.from === 'mine') {
        if (!auth) throw Errors.unauthenticated();
        const [me] = await sql<{ communeCode: string | null }[]>`select commune_code from users where id = ${auth.user.id}`;
        if (!me?.communeCode) throw new AppError('bad_request', 'Choose your commune on your account page first.');
        code = me.communeCode;
      }
      if (code) {
        const c = communeByCode(code);
        if (!c) throw Errors.validation([{ path: 'commune', message: 'Not a current commune of Lozère.' }]);
        origin = { lat: c.lat, lon: c.lon, communeCode: c.code };
      }
    }
    const at = places.now();
    const month = query.openThisMonth || query.openNow ? Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', month: 'numeric' }).format(at)) : undefined;
    const rows = await selectPlaces(sql, {
      kind: query.kind,
      services: query.services,
      month,
      origin: origin ?? undefined,
      maxKm: query.maxKm,
      byDistance: query.sort === 'distance' || (query.sort === undefined && origin !== null),
      limit: PlaceLimits.directoryMax,
    });
    let list = rows.map((row) => presentSummary(row, at));
    if (query.openNow) list = list.filter((p) => p.openNow);
    if (query.q) {
      const q = normalizeName(query.q);
      list = list.filter((p) => normalizeName(p.name).includes(q) || normalizeName(p.communeName ?? '').startsWith(q));
    }
    return { places: list, origin };
  });

  route(r, { method: 'get', path: '/api/places/map', access: 'public' }, (_input, _req, res): MapData => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    return { ...mapData(), tileUrl: config.tileUrl ?? null };
  });

  route(r, { method: 'get', path: '/api/places/:placeId', access: 'public', params: placeParams }, async ({ params, auth }) =>
    places.detail(params.placeId, auth ? { id: auth.user.id, role: auth.user.role } : null),
  );

  // ---- Admins create places and name their first animators; animators edit ----

  route(r, { method: 'post', path: '/api/places', access: 'admin', body: createPlaceBody }, async ({ body, auth }, _req, res) => {
    const commune = communeByCode(body.communeCode);
    if (!commune) throw unknownCommune();
    if ((body.lat === undefined) !== (body.lon === undefined)) throw Errors.validation([{ path: 'lon', message: 'Give both lat and lon.' }]);
    const animatorIds = [...new Set(body.animatorIds ?? [])];
    const id = await sql.begin(async (tx) => {
      if (animatorIds.length) {
        const found = await tx<{ id: string }[]>`select id from users where id in ${tx(animatorIds)}`;
        if (found.length !== animatorIds.length) throw Errors.notFound('One of the animators');
      }
      const [row] = await tx<{ id: string }[]>`
        insert into places (name, kind, commune_code, lat, lon, address, description, contact, opening_hours, months_open, months_rooms_free, services, created_by)
        values (${body.name}, ${body.kind}, ${commune.code}, ${body.lat ?? commune.lat}, ${body.lon ?? commune.lon},
          ${body.address ?? ''}, ${body.description ?? ''}, ${body.contact ?? ''}, ${tx.json(body.openingHours ?? [])},
          ${tx.array(body.monthsOpen ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])}::int[], ${tx.array(body.monthsRoomsFree ?? [])}::int[],
          ${tx.array(body.services ?? [])}::text[], ${auth!.user.id})
        returning id`;
      for (const userId of animatorIds) await setAnimator(tx, row!.id, userId);
      return row!.id;
    });
    log.info({ by: auth!.user.id, placeId: id, animatorIds }, 'place created');
    res.status(201);
    return places.detail(id, { id: auth!.user.id, role: auth!.user.role });
  });

  route(r, { method: 'patch', path: '/api/places/:placeId', access: 'member', params: placeParams, body: updatePlaceBody }, async ({ params, body, auth }) => {
    const viewer = { id: auth!.user.id, role: auth!.user.role };
    if (!(await placeExists(sql, params.placeId))) throw Errors.notFound('This place');
    if (!(await places.mayManage(params.placeId, viewer))) throw Errors.forbidden('Only animators of this place and admins edit it.');
    if (body.communeCode !== undefined && !communeByCode(body.communeCode)) throw unknownCommune();
    if ((body.lat === undefined) !== (body.lon === undefined)) throw Errors.validation([{ path: 'lon', message: 'Give both lat and lon.' }]);
    const set: Record<string, unknown> = {};
    for (const k of ['name', 'kind', 'communeCode', 'lat', 'lon', 'address', 'description', 'contact'] as const) if (body[k] !== undefined) set[k] = body[k];
    // A new commune without a position given moves the marker to the commune.
    if (body.communeCode !== undefined && body.lat === undefined) {
      const c = communeByCode(body.communeCode)!;
      set.lat = c.lat;
      set.lon = c.lon;
    }
    await sql.begin(async (tx) => {
      if (Object.keys(set).length) await tx`update places set ${tx(set)} where id = ${params.placeId}`;
      if (body.openingHours) await tx`update places set opening_hours = ${tx.json(body.openingHours)} where id = ${params.placeId}`;
      if (body.monthsOpen) await tx`update places set months_open = ${tx.array(body.monthsOpen)}::int[] where id = ${params.placeId}`;
      if (body.monthsRoomsFree) await tx`update places set months_rooms_free = ${tx.array(body.monthsRoomsFree)}::int[] where id = ${params.placeId}`;
      if (body.services) await tx`update places set services = ${tx.array(body.services)}::text[] where id = ${params.placeId}`;
      await tx`update places set updated_at = now() where id = ${params.placeId}`;
    });
    log.info({ by: viewer.id, placeId: params.placeId, fields: Object.keys(body) }, 'place edited');
    return places.detail(params.placeId, viewer);
  });

  // ---- Members join and leave; animators add and remove members ----

  route(r, { method: 'post', path: '/api/places/:placeId/join', access: 'member', params: placeParams }, async ({ params, auth }) => {
    if (!(await placeExists(sql, params.placeId))) throw Errors.notFound('This place');
    await addPlaceMember(sql, params.placeId, auth!.user.id);
    return places.detail(params.placeId, { id: auth!.user.id, role: auth!.user.role });
  });

  route(r, { method: 'post', path: '/api/places/:placeId/leave', access: 'member', params: placeParams }, async ({ params, auth }) => {
    if (!(await placeExists(sql, params.placeId))) throw Errors.notFound('This place');
    if (!(await removeMember(sql, params.placeId, auth!.user.id))) throw new AppError('conflict', 'You do not belong to this place.');
    return places.detail(params.placeId, { id: auth!.user.id, role: auth!.user.role });
  });

  route(r, { method: 'post', path: '/api/places/:placeId/members', access: 'member', params: placeParams, body: addMemberBody }, async ({ params, body, auth }) => {
    const viewer = { id: auth!.user.id, role: auth!.user.role };
    if (!(await placeExists(sql, params.placeId))) throw Errors.notFound('This place');
    if (!(await places.mayManage(params.placeId, viewer))) throw Errors.forbidden('Only animators of this place and admins add its members.');
    const [user] = await sql`select 1 from users where id = ${body.userId}`;
    if (!user) throw Errors.notFound('This member');
    await addPlaceMember(sql, params.placeId, body.userId);
    log.info({ by: viewer.id, placeId: params.placeId, userId: body.userId }, 'place member added');
    return { placeId: params.placeId, userId: body.userId, role: (await membershipOf(sql, params.placeId, body.userId))! };
  });

  route(r, { method: 'delete', path: '/api/places/:placeId/members/:userId', access: 'member', params: placeMemberParams }, async ({ params, auth }) => {
    const viewer = { id: auth!.user.id, role: auth!.user.role };
    if (!(await places.mayManage(params.placeId, viewer))) throw Errors.forbidden('Only animators of this place and admins remove its members.');
    const role = await membershipOf(sql, params.placeId, params.userId);
    if (!role) throw Errors.notFound('This member of the place');
    // An animator's role is ended first (through the animators endpoint), unless an admin removes them.
    if (role === 'animator' && viewer.role !== 'admin') throw Errors.forbidden('End their animator role first.');
    await removeMember(sql, params.placeId, params.userId);
    log.info({ by: viewer.id, placeId: params.placeId, userId: params.userId }, 'place member removed');
  });

  // ---- Check-in: "I am working at this place today" ----

  route(r, { method: 'post', path: '/api/places/:placeId/check-in', access: 'member', params: placeParams }, async ({ params, auth }, _req, res) => {
    const userId = auth!.user.id;
    if (!(await placeExists(sql, params.placeId))) throw Errors.notFound('This place');
    const { changed, created } = await sql.begin(async (tx) => {
      // One open check-in per member (a unique index): lock their rows so two requests queue.
      await tx`select pg_advisory_xact_lock(hashtext(${'check-in:' + userId}))`;
      const expired = await places.expireCheckIns(tx, userId);
      const current = await myOpenCheckIn(tx, userId);
      if (current?.placeId === params.placeId) return { changed: expired, created: false };
      const moved = current ? [current.placeId] : [];
      if (current) await tx`update check_ins set ended_at = now() where user_id = ${userId} and ended_at is null`;
      await tx`insert into check_ins (user_id, place_id) values (${userId}, ${params.placeId})`;
      return { changed: [...expired, ...moved, params.placeId], created: true };
    });
    for (const placeId of new Set(changed)) await places.broadcast(placeId);
    if (created) res.status(201);
    const mine = await myOpenCheckIn(sql, userId);
    return { checkIn: mine ? { placeId: mine.placeId, placeName: mine.placeName, since: mine.startedAt.toISOString() } : null } satisfies MyCheckIn;
  });

  route(r, { method: 'get', path: '/api/me/check-in', access: 'member' }, async ({ auth }): Promise<MyCheckIn> => {
    await places.expireCheckIns(undefined, auth!.user.id);
    const mine = await myOpenCheckIn(sql, auth!.user.id);
    return { checkIn: mine ? { placeId: mine.placeId, placeName: mine.placeName, since: mine.startedAt.toISOString() } : null };
  });

  route(r, { method: 'delete', path: '/api/me/check-in', access: 'member' }, async ({ auth }): Promise<MyCheckIn> => {
    const userId = auth!.user.id;
    await places.expireCheckIns(undefined, userId);
    const rows = await sql<{ placeId: string }[]>`update check_ins set ended_at = now() where user_id = ${userId} and ended_at is null returning place_id`;
    for (const { placeId } of rows) await places.broadcast(placeId);
    return { checkIn: null };
  });

  return r;
}
