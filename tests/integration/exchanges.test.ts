import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exchangeActions, exchangeStatuses, type ExchangeAction, type ExchangeStatus, type ExchangeView } from '../../shared/exchanges.schema.ts';
import { step, type ExchangeState } from '../../server/src/exchanges/exchanges.machine.ts';
import { AppError } from '../../server/src/errors.ts';
import { snapshot, startTestServer, type TestServer } from '../support/server.ts';
import type { TestSocket } from '../support/socket.ts';
import { MENDE, setProfile } from './profiles.fixtures.ts';
import { member as makeMember, socketOf, type Member } from './rooms.fixtures.ts';

// ---- The state machine alone: every status × action × actor ------------------------------

const P = 'proposer';
const R = 'recipient';

/** What each (status, awaited, action, actor) gives: the next status, or the error code. */
function expectedOf(status: ExchangeStatus, awaiting: string | null, action: ExchangeAction, actor: string, doneFlags: [boolean, boolean]): string {
  const terminal = status === 'declined' || status === 'cancelled' || status === 'done';
  if (terminal) return 'conflict';
  if (action === 'cancel') return 'cancelled';
  if (action === 'accept' || action === 'decline' || action === 'counter') {
    if (status !== 'proposed') return 'conflict';
    if (awaiting !== actor) return 'forbidden';
    return action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'proposed';
  }
  // done
  if (status !== 'accepted') return 'conflict';
  const mine = actor === P ? doneFlags[0] : doneFlags[1];
  const theirs = actor === P ? doneFlags[1] : doneFlags[0];
  if (mine) return 'conflict';
  return theirs ? 'done' : 'accepted';
}

describe('exchange state machine', () => {
  const cases: [string, ExchangeState, ExchangeAction, string][] = [];
  for (const status of exchangeStatuses) {
    for (const awaiting of status === 'proposed' ? [P, R] : [null]) {
      for (const flags of (status === 'accepted' ? [[false, false], [true, false], [false, true]] : [[false, false]]) as [boolean, boolean][]) {
        for (const action of exchangeActions) {
          for (const actor of [P, R]) {
            const s: ExchangeState = { status, proposerId: P, recipientId: R, awaitingId: awaiting, proposerDone: flags[0], recipientDone: flags[1] };
            cases.push([`${status} awaiting=${awaiting} done=${flags} : ${actor} ${action}`, s, action, actor]);
          }
        }
      }
    }
  }

  test.each(cases)('%s', (_label, s, action, actor) => {
    const want = expectedOf(s.status, s.awaitingId, action, actor, [s.proposerDone, s.recipientDone]);
    if (want === 'conflict' || want === 'forbidden') {
      let err: unknown;
      try {
        step(s, actor, action);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(want);
      return;
    }
    const { next, event } = step(s, actor, action);
    expect(next.status).toBe(want);
    if (action === 'counter') expect(next.awaitingId).toBe(actor === P ? R : P);
    if (want !== 'proposed') expect(next.awaitingId).toBeNull();
    if (action === 'done') {
      expect(actor === P ? next.proposerDone : next.recipientDone).toBe(true);
      expect(event).toBe(want === 'done' ? 'done' : 'marked_done');
    }
  });
});

// ---- Through the API, with live notifications ------------------------------------------

let server: TestServer;
let roald: Member;
let luc: Member;
let outsider: Member;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  roald = await makeMember(server, 'Roald Designer');
  luc = await makeMember(server, 'Luc Startup');
  outsider = await makeMember(server, 'Olivier Autre');
  await setProfile(roald, { communeCode: MENDE, offers: ['Illustration'], seeks: ['Comptabilité'] });
  await setProfile(luc, { communeCode: MENDE, offers: ['Comptabilité'], seeks: ['Illustration'] });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.stop();
});

function nextUpdate(socket: TestSocket, pred: (e: ExchangeView) => boolean): Promise<ExchangeView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no exchange:update in time')), 5000);
    const on = (e: ExchangeView) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      socket.off('exchange:update', on);
      resolve(e);
    };
    socket.on('exchange:update', on);
  });
}

describe('exchanges through the API', () => {
  test('propose, counter, accept, mark done by both; each step told live to the other and kept', async () => {
    const lucSocket = await socketOf(server, luc);
    const roaldSocket = await socketOf(server, roald);
    sockets.push(lucSocket, roaldSocket);

    const arrived = nextUpdate(lucSocket, (e) => e.status === 'proposed');
    const res = await roald.client.post('/api/exchanges', { toUserId: luc.id, offer: 'illustration', ask: 'comptabilite', message: 'Un logo contre un bilan ?' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id;
    const seen = await arrived;
    expect(seen).toMatchObject({
      id,
      status: 'proposed',
      proposer: { userId: roald.id, displayName: 'Roald Designer' },
      recipient: { userId: luc.id, displayName: 'Luc Startup' },
      proposerGives: { label: 'Illustration' },
      recipientGives: { label: 'Comptabilité' },
      awaitingId: luc.id,
      message: 'Un logo contre un bilan ?',
    });

    // Out of turn: the proposer cannot accept their own proposal; an outsider does not see it.
    expect((await roald.client.post(`/api/exchanges/${id}/accept`)).body.error.code).toBe('forbidden');
    expect((await outsider.client.post(`/api/exchanges/${id}/accept`)).status).toBe(404);
    expect((await outsider.client.get(`/api/exchanges/${id}`)).status).toBe(404);
    expect((await outsider.client.get('/api/exchanges')).body.exchanges).toEqual([]);

    // Luc counter-proposes from his side: he offers bookkeeping, asks for a poster.
    const countered = nextUpdate(roaldSocket, (e) => e.id === id && e.awaitingId === roald.id);
    const c = await luc.client.post(`/api/exchanges/${id}/counter`, { offer: 'Comptabilité', ask: 'Affiche', message: 'Plutôt une affiche ?' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const cv = await countered;
    expect(cv).toMatchObject({ status: 'proposed', proposerGives: { label: 'Affiche' }, recipientGives: { label: 'Comptabilité' }, message: 'Plutôt une affiche ?' });
    expect((await luc.client.post(`/api/exchanges/${id}/accept`)).status).toBe(403);

    const accepted = nextUpdate(lucSocket, (e) => e.id === id && e.status === 'accepted');
    expect((await roald.client.post(`/api/exchanges/${id}/accept`)).status).toBe(200);
    await accepted;
    expect((await roald.client.post(`/api/exchanges/${id}/decline`)).body.error.code).toBe('conflict');

    const marked = nextUpdate(lucSocket, (e) => e.id === id && e.proposerDone);
    const d1 = await roald.client.post(`/api/exchanges/${id}/done`);
    expect(d1.body).toMatchObject({ status: 'accepted', proposerDone: true, recipientDone: false });
    await marked;
    expect((await roald.client.post(`/api/exchanges/${id}/done`)).body.error.code).toBe('conflict');
    const finished = nextUpdate(roaldSocket, (e) => e.id === id && e.status === 'done');
    expect((await luc.client.post(`/api/exchanges/${id}/done`)).body.status).toBe('done');
    const done = await finished;
    expect(done.events.map((e) => e.kind)).toEqual(['proposed', 'countered', 'accepted', 'marked_done', 'done']);
    expect(done.events[1]).toMatchObject({ actorId: luc.id, proposerGives: 'Affiche', recipientGives: 'Comptabilité', message: 'Plutôt une affiche ?' });
    for (const a of ['accept', 'decline', 'cancel', 'done']) expect((await luc.client.post(`/api/exchanges/${id}/${a}`)).status).toBe(409);

    // The record on each profile: counted; the other named only with their consent.
    const before = (await outsider.client.get(`/api/profiles/${roald.id}`)).body.record;
    expect(before.given).toBe(1);
    expect(before.recent[0]).toMatchObject({ gave: 'Affiche', received: 'Comptabilité', with: null });
    expect((await luc.client.request('PUT', `/api/exchanges/${id}/consent`, { show: true })).status).toBe(200);
    const after = (await outsider.client.get(`/api/profiles/${roald.id}`)).body.record;
    expect(after.recent[0].with).toEqual({ userId: luc.id, displayName: 'Luc Startup' });
    const lucs = (await outsider.client.get(`/api/profiles/${luc.id}`)).body.record;
    expect(lucs.recent[0]).toMatchObject({ gave: 'Comptabilité', received: 'Affiche', with: null });
    expect((await outsider.client.request('PUT', `/api/exchanges/${id}/consent`, { show: true })).status).toBe(404);
  });

  test('either party cancels a proposed or accepted exchange; decline ends it; refusals change nothing', async () => {
    const a = await roald.client.post('/api/exchanges', { toUserId: luc.id, offer: 'Illustration', ask: 'Comptabilité', message: '' });
    expect((await luc.client.post(`/api/exchanges/${a.body.id}/decline`)).body.status).toBe('declined');
    const b = await roald.client.post('/api/exchanges', { toUserId: luc.id, offer: 'Illustration', ask: 'Comptabilité', message: '' });
    expect((await roald.client.post(`/api/exchanges/${b.body.id}/cancel`)).body.status).toBe('cancelled');
    const c = await roald.client.post('/api/exchanges', { toUserId: luc.id, offer: 'Illustration', ask: 'Comptabilité', message: '' });
    await luc.client.post(`/api/exchanges/${c.body.id}/accept`);
    expect((await luc.client.post(`/api/exchanges/${c.body.id}/cancel`)).body.status).toBe('cancelled');

    const tables = ['exchanges', 'exchange_events'];
    const before = await snapshot(server, tables);
    expect((await roald.client.post('/api/exchanges', { toUserId: roald.id, offer: 'a', ask: 'b', message: '' })).status).toBe(400);
    expect((await roald.client.post('/api/exchanges', { toUserId: '00000000-0000-4000-8000-000000000000', offer: 'a', ask: 'b', message: '' })).status).toBe(404);
    expect((await luc.client.post(`/api/exchanges/${c.body.id}/accept`)).status).toBe(409);
    expect((await outsider.client.post(`/api/exchanges/${c.body.id}/cancel`)).status).toBe(404);
    expect(await snapshot(server, tables)).toEqual(before);
    const list = (await luc.client.get('/api/exchanges')).body.exchanges;
    expect(list.map((e: ExchangeView) => e.status).slice(0, 3)).toEqual(['cancelled', 'cancelled', 'declined']);
  });

  test('concurrent answers to one proposal: exactly one wins, the others are conflicts', async () => {
    const x = await roald.client.post('/api/exchanges', { toUserId: luc.id, offer: 'Illustration', ask: 'Comptabilité', message: '' });
    const answers = await Promise.all(['accept', 'decline', 'accept', 'decline'].map((a) => luc.client.post(`/api/exchanges/${x.body.id}/${a}`)));
    expect(answers.filter((r) => r.status === 409)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const events = await server.ctx.sql`select kind from exchange_events where exchange_id = ${x.body.id}`;
    expect(events).toHaveLength(2);
  });
});
