import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient, goodPassword, uniqueEmail } from '../support/client.ts';
import { startTestServer, snapshot, type TestServer } from '../support/server.ts';
import { createPlace, linkToken, mailsTo, makeAdmin, signUpAs, verify } from './accounts.support.ts';

let server: TestServer;
// One admin for the whole file: sign-ups from one IP are limited (20 an hour).
let admin: Awaited<ReturnType<typeof makeAdmin>>;
beforeAll(async () => {
  server = await startTestServer();
  admin = await makeAdmin(server, 'Murielle');
});
afterAll(() => server?.stop());

const tokenOf = (link: string) => /\/invitation\/([A-Za-z0-9_-]{43})$/.exec(link)![1]!;

/**
 * Reads the dark modules back out of a QR code SVG: the dark path draws each run of dark
 * modules of a row as a 1-unit-wide horizontal stroke (M x y+0.5 absolute, m dx 0 relative,
 * h length). Returns the side of the symbol in modules, without the margin, and the modules.
 */
function modulesOfSvg(svg: string, margin: number): { size: number; dark: boolean[] } {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(box, 'a viewBox').not.toBeNull();
  expect(box![1]).toBe(box![2]);
  const size = Number(box![1]) - 2 * margin;
  const paths = [...svg.matchAll(/<path ([a-z]+)="#([0-9a-f]{6})" d="([^"]*)"\/>/g)];
  expect(paths.map((p) => [p[1], p[2]])).toEqual([['fill', 'ffffff'], ['stroke', '000000']]);
  const dark: boolean[] = new Array<boolean>(size * size).fill(false);
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of paths[1]![3]!.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      const row = y - 0.5 - margin;
      for (let i = 0; i < Number(a); i++) dark[row * size + x - margin + i] = true;
      x += Number(a);
    }
  }
  return { size, dark };
}

describe('invitations', () => {
  test('in invitation-only mode a plain sign-up is refused and changes nothing; an invited one joins the place', async () => {
    const placeId = await createPlace(server, 'MSAP de Villefort');
    const set = await admin.client.request('PUT', '/api/admin/network-settings', { invitationOnly: true });
    expect(set.status).toBe(200);
    expect((await new TestClient(server.url).get('/api/accounts/network')).body).toEqual({ invitationOnly: true });

    const tables = ['users', 'sessions', 'place_members', 'invitations', 'mail_outbox', 'account_tokens'];
    const before = await snapshot(server, tables);
    const plain = await signUpAs(server, { name: 'Sans invitation' });
    expect(plain.res.status).toBe(403);
    expect(plain.res.body.error.code).toBe('invitation_required');
    expect(await snapshot(server, tables)).toEqual(before);

    const invitee = uniqueEmail('invitee');
    const created = await admin.client.post('/api/accounts/invitations', { email: invitee, placeId, locale: 'en' });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ email: invitee, placeId, placeName: 'MSAP de Villefort', status: 'pending' });
    // Sent by mail: nothing to print.
    expect(created.body.qrSvg).toBeNull();
    const [mail] = await mailsTo(server, invitee, 'accounts.invitation');
    expect(mail!.subject).toBe('Murielle invites you to Maillage');
    const token = await linkToken(server, invitee, 'accounts.invitation', '/invitation/');
    expect(token).toBe(tokenOf(created.body.link));

    const preview = await new TestClient(server.url).get(`/api/accounts/invitations/preview/${token}`);
    expect(preview.body).toMatchObject({ email: invitee, placeName: 'MSAP de Villefort', inviterName: 'Murielle' });

    // An invitation made out to an address serves only that address.
    const wrong = await signUpAs(server, { name: 'Autre', invitation: token });
    expect(wrong.res.body.error.code).toBe('link_invalid');

    const joined = await signUpAs(server, { name: 'Invitée', invitation: token, email: invitee });
    expect(joined.res.status).toBe(201);
    // The invitation mail reached this address: confirmed already, no verification mail.
    expect(joined.res.body.user.emailVerified).toBe(true);
    expect(await mailsTo(server, invitee, 'accounts.verify_email')).toHaveLength(0);
    const members = await server.ctx.sql`select role from place_members where place_id = ${placeId} and user_id = ${joined.id}`;
    expect(members).toEqual([{ role: 'member' }]);

    const reuse = await signUpAs(server, { name: 'Encore', invitation: token, email: uniqueEmail() });
    expect(reuse.res.body.error.code).toBe('link_invalid');
    const list = await admin.client.get('/api/accounts/invitations');
    expect(list.body.invitations.find((i: { id: string }) => i.id === created.body.invitation.id).status).toBe('used');

    await admin.client.request('PUT', '/api/admin/network-settings', { invitationOnly: false });
    expect((await signUpAs(server, { name: 'Ouvert' })).res.status).toBe(201);
  });

  test('a printable link (no address) serves one person; an expired or revoked one serves nobody', async () => {
    const printable = await admin.client.post('/api/accounts/invitations', {});
    expect(printable.status).toBe(201);
    expect(printable.body.invitation.email).toBeNull();
    // Its QR code: an SVG document whose modules are exactly those of the link's QR code.
    const svg: string = printable.body.qrSvg;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
    const expected = QRCode.create(printable.body.link, { errorCorrectionLevel: 'M' }).modules;
    const drawn = modulesOfSvg(svg, 2);
    expect(drawn.size).toBe(expected.size);
    expect(drawn.dark).toEqual(Array.from(expected.data, Boolean));
    // And not those of another invitation's link.
    const another = await admin.client.post('/api/accounts/invitations', {});
    expect(modulesOfSvg(another.body.qrSvg, 2).dark).not.toEqual(drawn.dark);
    await admin.client.delete(`/api/accounts/invitations/${another.body.invitation.id}`);
    const first = await signUpAs(server, { name: 'Sans e-mail sous la main', invitation: tokenOf(printable.body.link) });
    expect(first.res.status).toBe(201);
    // Not invited at this address: it must still be confirmed.
    expect(first.res.body.user.emailVerified).toBe(false);
    expect(await mailsTo(server, first.email, 'accounts.verify_email')).toHaveLength(1);

    const expiring = await admin.client.post('/api/accounts/invitations', {});
    await server.ctx.sql`update invitations set expires_at = now() - interval '1 second' where id = ${expiring.body.invitation.id}`;
    expect((await signUpAs(server, { invitation: tokenOf(expiring.body.link) })).res.body.error.code).toBe('link_invalid');

    const revoked = await admin.client.post('/api/accounts/invitations', {});
    expect((await admin.client.delete(`/api/accounts/invitations/${revoked.body.invitation.id}`)).status).toBe(204);
    expect((await signUpAs(server, { invitation: tokenOf(revoked.body.link) })).res.body.error.code).toBe('link_invalid');
  });

  test('an animator invites to their own place only; a plain member cannot invite', async () => {
    const mine = await createPlace(server, 'Tiers-lieu de Florac');
    const other = await createPlace(server, 'Café de Meyrueis');
    const animator = await signUpAs(server, { name: 'Animatrice' });
    await verify(server, animator.id);
    const named = await admin.client.post(`/api/admin/places/${mine}/animators`, { userId: animator.id });
    expect(named.status).toBe(200);

    // The places they may invite to, for the invitations page: theirs only.
    expect((await animator.client.get('/api/accounts/places')).body.places).toEqual([{ id: mine, name: 'Tiers-lieu de Florac' }]);
    expect((await animator.client.post('/api/accounts/invitations', { email: uniqueEmail(), placeId: mine })).status).toBe(201);
    const printed = await animator.client.post('/api/accounts/invitations', { placeId: mine });
    expect(printed.status).toBe(201);
    expect(printed.body.invitation).toMatchObject({ email: null, placeId: mine, status: 'pending' });
    expect(modulesOfSvg(printed.body.qrSvg, 2).size).toBe(QRCode.create(printed.body.link, { errorCorrectionLevel: 'M' }).modules.size);
    expect((await animator.client.post('/api/accounts/invitations', { email: uniqueEmail(), placeId: other })).body.error.code).toBe('forbidden');
    expect((await animator.client.post('/api/accounts/invitations', { email: uniqueEmail() })).body.error.code).toBe('validation_failed');

    const plain = await signUpAs(server, { name: 'Membre' });
    await verify(server, plain.id);
    expect((await plain.client.get('/api/accounts/places')).body.places).toEqual([]);
    expect((await plain.client.post('/api/accounts/invitations', { email: uniqueEmail(), placeId: mine })).body.error.code).toBe('forbidden');
    // Animators only see their own invitations.
    const list = await animator.client.get('/api/accounts/invitations');
    expect(list.body.invitations).toHaveLength(2);
  });
});

describe('changing the e-mail address', () => {
  test('the new address is confirmed by a link before it replaces the old one, and the old one is told', async () => {
    const m = await signUpAs(server, { name: 'Luc', locale: 'en' });
    const newEmail = uniqueEmail('new');
    const noPassword = await m.client.post('/api/accounts/email-change/request', { newEmail });
    expect(noPassword.body.error.code).toBe('invalid_credentials');
    const req = await m.client.post('/api/accounts/email-change/request', { newEmail, currentPassword: goodPassword });
    expect(req.status).toBe(200);
    // Not replaced yet.
    expect((await m.client.get('/api/auth/me')).body.user.email).toBe(m.email);
    const token = await linkToken(server, newEmail, 'accounts.change_email', '/email-change/');
    // Links sent to the old address stop working once the address changes.
    await new TestClient(server.url).post('/api/accounts/login-link/request', { email: m.email });
    const oldLogin = await linkToken(server, m.email, 'accounts.login_link', '/login-link/');

    const ok = await new TestClient(server.url).post('/api/accounts/email-change/confirm', { token });
    expect(ok.status).toBe(200);
    const me = (await m.client.get('/api/auth/me')).body.user;
    expect(me.email).toBe(newEmail);
    expect(me.emailVerified).toBe(true);
    const [notice] = await mailsTo(server, m.email, 'accounts.email_changed');
    expect(notice!.subject).toBe('The e-mail address of your Maillage account changed');
    expect(notice!.textBody).toContain(newEmail);
    expect((await new TestClient(server.url).post('/api/accounts/email-change/confirm', { token })).body.error.code).toBe('link_invalid');
    expect((await new TestClient(server.url).post('/api/accounts/login-link/confirm', { token: oldLogin })).body.error.code).toBe('link_invalid');
    expect((await new TestClient(server.url).post('/api/auth/login', { email: newEmail, password: goodPassword })).status).toBe(200);
  });

  test('an address already in use is refused, and a change link expires', async () => {
    const a = await signUpAs(server, { name: 'A' });
    const b = await signUpAs(server, { name: 'B' });
    expect((await a.client.post('/api/accounts/email-change/request', { newEmail: b.email, currentPassword: goodPassword })).body.error.code).toBe('email_taken');
    const newEmail = uniqueEmail('later');
    await a.client.post('/api/accounts/email-change/request', { newEmail, currentPassword: goodPassword });
    const token = await linkToken(server, newEmail, 'accounts.change_email', '/email-change/');
    await server.ctx.sql`update account_tokens set expires_at = now() - interval '1 second' where purpose = 'change_email' and email = ${newEmail}`;
    expect((await a.client.post('/api/accounts/email-change/confirm', { token })).body.error.code).toBe('link_invalid');
    expect((await a.client.get('/api/auth/me')).body.user.email).toBe(a.email);
  });
});

describe('animators', () => {
  test('admins and a place’s animators name and remove its animators; others cannot', async () => {
    const place = await createPlace(server, 'Fablab de Mende');
    const first = await signUpAs(server, { name: 'Premier animateur' });
    const second = await signUpAs(server, { name: 'Second animateur' });
    const outsider = await signUpAs(server, { name: 'Extérieur' });
    expect((await outsider.client.post(`/api/admin/places/${place}/animators`, { userId: outsider.id })).body.error.code).toBe('forbidden');
    expect((await admin.client.post(`/api/admin/places/${place}/animators`, { userId: first.id })).status).toBe(200);
    expect((await first.client.post(`/api/admin/places/${place}/animators`, { userId: second.id })).status).toBe(200);
    const members = await admin.client.get(`/api/admin/members?q=${encodeURIComponent('animateur')}`);
    expect(members.body.members.every((m: { animates: { placeId: string }[] }) => m.animates[0]?.placeId === place)).toBe(true);
    expect((await admin.client.delete(`/api/admin/places/${place}/animators/${second.id}`)).status).toBe(204);
    const rows = await server.ctx.sql`select user_id, role from place_members where place_id = ${place} order by role`;
    expect(rows).toEqual(expect.arrayContaining([{ userId: first.id, role: 'animator' }, { userId: second.id, role: 'member' }]));
    expect((await admin.client.delete(`/api/admin/places/${place}/animators/${second.id}`)).status).toBe(404);
  });
});

describe('roles', () => {
  test('admins grant and remove admin and official; the last admin cannot step down', async () => {
    const a = admin;
    // Earlier tests made admins: this one starts with a single admin.
    await server.ctx.sql`update users set role = 'member' where role = 'admin' and id <> ${a.id}`;
    const b = await signUpAs(server, { name: 'Seconde' });
    const lone = await a.client.request('PUT', `/api/admin/members/${a.id}/role`, { role: 'member' });
    expect(lone.status).toBe(409);
    expect(lone.body.error.code).toBe('last_admin');

    expect((await b.client.request('PUT', `/api/admin/members/${a.id}/role`, { role: 'member' })).body.error.code).toBe('forbidden');
    const grant = await a.client.request('PUT', `/api/admin/members/${b.id}/role`, { role: 'admin' });
    expect(grant.body.member.role).toBe('admin');
    expect((await b.client.get('/api/auth/me')).body.user.role).toBe('admin');
    const stepDown = await a.client.request('PUT', `/api/admin/members/${a.id}/role`, { role: 'official' });
    expect(stepDown.status).toBe(200);
    expect((await a.client.get('/api/auth/me')).body.user.role).toBe('official');
    expect((await a.client.get('/api/admin/members')).status).toBe(403);
    const lone2 = await b.client.request('PUT', `/api/admin/members/${b.id}/role`, { role: 'member' });
    expect(lone2.body.error.code).toBe('last_admin');
    const listed = await b.client.get('/api/admin/members?role=official');
    expect(listed.body.members.map((m: { id: string }) => m.id)).toEqual([a.id]);
  });
});

