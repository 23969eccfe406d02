import { randomUUID } from 'node:crypto';
import type { Ack } from '../../shared/errors.ts';
import type { RoomState, RoomSummary } from '../../shared/rooms.schema.ts';
import { signUp, type TestClient } from '../support/client.ts';
import type { TestServer } from '../support/server.ts';
import { connectOk, emitAck, type TestSocket } from '../support/socket.ts';

// Shared by the rooms, presence and livekit-* tests: members with roles, rooms, sockets.

export interface Member {
  client: TestClient;
  id: string;
  name: string;
}

export async function member(server: TestServer, name: string): Promise<Member> {
  const { client, id } = await signUp(server.url, name);
  return { client, id, name };
}

export async function admin(server: TestServer, name = 'Admin'): Promise<Member> {
  const m = await member(server, name);
  await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${m.id}`;
  return m;
}

/** A place (tables as the rooms migration creates them). */
export async function place(server: TestServer, name = 'Maison France Services'): Promise<string> {
  const [row] = await server.ctx.sql<{ id: string }[]>`insert into places (name) values (${name}) returning id`;
  return row!.id;
}

export async function joinPlace(server: TestServer, placeId: string, userId: string, role: 'member' | 'animator'): Promise<void> {
  await server.ctx.sql`insert into place_members (place_id, user_id, role) values (${placeId}, ${userId}, ${role})
    on conflict (place_id, user_id) do update set role = excluded.role`;
}

/** An animator of a fresh place. */
export async function animator(server: TestServer, name = 'Murielle'): Promise<Member & { placeId: string }> {
  const m = await member(server, name);
  const placeId = await place(server);
  await joinPlace(server, placeId, m.id, 'animator');
  await server.ctx.sql`update users set email_verified_at = now() where id = ${m.id}`;
  return { ...m, placeId };
}

export async function createRoom(
  by: Member,
  body: { name?: string; visibility?: 'open' | 'private'; placeId?: string | null } = {},
): Promise<RoomSummary> {
  const res = await by.client.post('/api/rooms', { name: body.name ?? 'Salle du matin', visibility: body.visibility ?? 'open', ...(body.placeId !== undefined ? { placeId: body.placeId } : {}) });
  if (res.status !== 201) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function socketOf(server: TestServer, m: Member): Promise<TestSocket> {
  return connectOk(server.url, { cookie: m.client.cookieHeader() });
}

export async function join(socket: TestSocket, roomId: string): Promise<RoomState> {
  const ack = await emitAck<RoomState>(socket, 'room:join', { roomId });
  if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`ack refused: ${JSON.stringify(ack.error)}`);
  return ack.data;
}

export const uuid = () => randomUUID();

/** Resolves with the next `event` payload matching `match`, rejects after `timeoutMs`. */
export function next<T = any>(socket: TestSocket, event: string, match: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = socket as unknown as { on(e: string, f: (p: T) => void): void; off(e: string, f: (p: T) => void): void };
    const t = setTimeout(() => {
      s.off(event, on);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(t);
      s.off(event, on);
      resolve(p);
    };
    s.on(event, on);
  });
}

/** Collects every `event` payload from now on. */
export function collect<T = any>(socket: TestSocket, event: string): T[] {
  const got: T[] = [];
  (socket as unknown as { on(e: string, f: (p: T) => void): void }).on(event, (p: T) => got.push(p));
  return got;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
