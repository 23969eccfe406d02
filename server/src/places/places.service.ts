import type { OpeningInterval, PersonView, PlaceDetail, PlacePresence, PlaceSummary } from '../../../shared/places.schema.ts';
import { communeByCode } from '../communes/communes.ts';
import type { AppContext } from '../context.ts';
import type { TransactionSql } from '../db/sql.ts';
import { Errors } from '../errors.ts';
import type { Realtime } from '../realtime/socket.ts';
import type { AppSocket } from '../realtime/types.ts';
import { parisTime, placesClock } from './clock.ts';
import { closeExpiredCheckIns, membershipOf, placePeople, presentAt, selectPlaces, type PlaceRow } from './places.queries.ts';

export const placeScope = (placeId: string) => `place:${placeId}`;
/** Socket room of the map and directory viewers (anonymous counts). */
export const PLACES_SCOPE = 'places';

export interface Viewer {
  id: string;
  role: string;
}

export function isOpenAt(hours: OpeningInterval[], monthsOpen: number[], at: Date): boolean {
  const t = parisTime(at);
  if (!monthsOpen.includes(t.month)) return false;
  return hours.some((h) => h.day === t.day && h.open <= t.hhmm && t.hhmm < h.close);
}

export function presentSummary(row: PlaceRow, at: Date): PlaceSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    communeCode: row.communeCode,
    communeName: communeByCode(row.communeCode)?.name ?? null,
    lat: row.lat,
    lon: row.lon,
    address: row.address,
    services: row.services,
    openingHours: row.openingHours,
    monthsOpen: row.monthsOpen,
    monthsRoomsFree: row.monthsRoomsFree,
    distanceKm: row.distanceKm === null ? null : Math.round(row.distanceKm * 10) / 10,
    openNow: isOpenAt(row.openingHours, row.monthsOpen, at),
    presentCount: row.presentCount,
    demo: row.demo,
  };
}

/** Places: their pages as each viewer may see them, and check-ins told live to the pages open. */
export class Places {
  constructor(
    readonly ctx: AppContext,
    readonly realtime: Realtime,
  ) {}

  now(): Date {
    return placesClock.now();
  }

  async presence(placeId: string, viewerId: string | null): Promise<PlacePresence> {
    const rows = await presentAt(this.ctx.sql, placeId, viewerId);
    const shown = rows.filter((r) => r.visible);
    return {
      placeId,
      present: shown.map((r) => ({ userId: r.userId, displayName: r.displayName, since: r.startedAt.toISOString() })),
      othersCount: rows.length - shown.length,
    };
  }

  async detail(placeId: string, viewer: Viewer | null): Promise<PlaceDetail> {
    const { sql } = this.ctx;
    const [row] = await selectPlaces(sql, { placeId, limit: 1 });
    if (!row) throw Errors.notFound('This place');
    const people = await placePeople(sql, placeId, viewer?.id ?? null);
    const role = viewer ? await membershipOf(sql, placeId, viewer.id) : null;
    const presence = await this.presence(placeId, viewer?.id ?? null);
    const person = (p: { userId: string; displayName: string }): PersonView => ({ userId: p.userId, displayName: p.displayName });
    return {
      ...presentSummary(row, this.now()),
      description: row.description,
      contact: row.contact,
      updatedAt: row.updatedAt.toISOString(),
      animators: people.filter((p) => p.visible && p.role === 'animator').map(person),
      members: people.filter((p) => p.visible && p.role === 'member').map(person),
      othersCount: people.filter((p) => !p.visible).length,
      presence,
      me: {
        isMember: role !== null,
        isAnimator: role === 'animator',
        canEdit: role === 'animator' || viewer?.role === 'admin',
        checkedInHere: Boolean(viewer && presence.present.some((p) => p.userId === viewer.id)),
      },
    };
  }

  /** Admins and the place's animators manage it. */
  async mayManage(placeId: string, viewer: Viewer): Promise<boolean> {
    return viewer.role === 'admin' || (await membershipOf(this.ctx.sql, placeId, viewer.id)) === 'animator';
  }

  /** Closes yesterday's check-ins (at midnight Europe/Paris) and tells the pages concerned. */
  async expireCheckIns(tx?: TransactionSql, userId?: string): Promise<string[]> {
    const closed = await closeExpiredCheckIns(tx ?? this.ctx.sql, userId);
    if (!tx) for (const placeId of closed) await this.broadcast(placeId);
    return closed;
  }

  /**
   * Tells every socket watching the place who is there now, each as its member may see it
   * (the list depends on the viewer's places), and the map viewers the new count.
   */
  async broadcast(placeId: string): Promise<void> {
    const { io } = this.realtime;
    const sockets = await io.in(placeScope(placeId)).fetchSockets();
    const byViewer = new Map<string, typeof sockets>();
    for (const s of sockets) {
      const id = (s.data as AppSocket['data']).user?.id;
      if (!id) continue;
      byViewer.set(id, [...(byViewer.get(id) ?? []), s]);
    }
    let total: number | undefined;
    for (const [viewerId, list] of byViewer) {
      const view = await this.presence(placeId, viewerId);
      total = view.present.length + view.othersCount;
      for (const s of list) s.emit('place:presence', view);
    }
    if (total === undefined) total = (await presentAt(this.ctx.sql, placeId, null)).length;
    io.to(PLACES_SCOPE).emit('places:count', { placeId, presentCount: total });
  }
}
