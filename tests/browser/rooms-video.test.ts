import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RoomServiceClient, TrackSource, TrackType } from 'livekit-server-sdk';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium } from 'playwright-core';
import { chromiumArgs, recordRequests, type RecordedRequests, addSessionCookies } from '../support/chromium.ts';
import { signUp, type TestClient } from '../support/client.ts';
import { startLiveKit, type RunningLiveKit } from '../support/livekit.ts';
import { startWebServer, type TestServer } from '../support/server.ts';
import { measure, mediaSnapshot, outboundLayers, writeBusyVideo, recordPeerConnections, remoteVideoFrames, type MediaRates } from '../support/webrtc.ts';

// Two members in two Chromium contexts meet in a coworking room through the web page, on a
// real LiveKit and the real server: video and sound flow both ways, chat and sprint agree,
// the low-bandwidth modes really lower the bitrate (first proving media flowed), and a
// member removed from the room leaves its call at once.

let livekit: RunningLiveKit;
let server: TestServer;
let browser: Browser;
let rooms: RoomServiceClient;
const contexts: BrowserContext[] = [];

interface Member {
  id: string;
  name: string;
  client: TestClient;
  page: Page;
  requests: RecordedRequests;
}

const log = (...a: unknown[]) => console.log('[rooms-video]', ...a);
const fmt = (r: MediaRates) =>
  `in video ${r.inVideoKbps.toFixed(0)} kbit/s (${r.frameWidth}x${r.frameHeight}, +${r.framesDecoded} frames), ` +
  `in audio ${r.inAudioKbps.toFixed(0)} kbit/s (energy +${r.audioEnergy.toFixed(4)}), out ${r.outKbps.toFixed(0)} kbit/s ` +
  `(video ${r.outVideoKbps.toFixed(0)}, audio ${r.outAudioKbps.toFixed(0)}) over ${r.seconds.toFixed(1)} s`;

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function member(name: string): Promise<Member> {
  const { client, id } = await signUp(server.origin, name);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  contexts.push(context);
  await recordPeerConnections(context);
  await addSessionCookies(context, server.origin, client.cookieHeader());
  const page = await context.newPage();
  page.on('pageerror', (e) => log(`${name} page error:`, e.message));
  const requests = recordRequests(page);
  return { id, name, client, page, requests };
}

/** Scrolls the other's video into view, as a person watching the call does: adaptive stream pauses video out of sight. */
async function watchCall(...members: Member[]) {
  for (const m of members) await m.page.locator('call-panel call-tile:not([local])').first().scrollIntoViewIfNeeded();
}

const livekitRequests = (m: Member) => m.requests.urls.filter((u) => /livekit/i.test(u));

async function participants(): Promise<Awaited<ReturnType<RoomServiceClient['listParticipants']>>> {
  const list = await rooms.listRooms();
  if (list.length !== 1) return [];
  return rooms.listParticipants(list[0]!.name);
}

async function publishedVideo(identity: string): Promise<number> {
  const p = (await participants()).find((x) => x.identity === identity);
  return p ? p.tracks.filter((t) => t.type === TrackType.VIDEO && !t.muted).length : -1;
}

/** What the call widget asked LiveKit for, read from the element (diagnostics only). */
function subscriptions(page: Page): Promise<string> {
  return page.evaluate(() => {
    const panel = document.querySelector('maillage-app')?.shadowRoot?.querySelector('room-page')?.shadowRoot?.querySelector('call-panel') as any;
    const room = panel?.call?.room;
    if (!room) return 'no room';
    return JSON.stringify(
      [...room.remoteParticipants.values()].flatMap((p: any) =>
        [...p.trackPublications.values()].map((t: any) => [
          t.kind, t.source, t.isSubscribed, t.isDesired, t.isMuted, t.isEnabled, t.videoQuality,
          t.track?.attachedElements?.map((e: HTMLVideoElement) => [e.hidden, e.clientWidth, e.isConnected, (e.srcObject as MediaStream | null)?.getTracks().map((x) => x.readyState + ':' + x.muted)]),
          t.track?.elementInfos?.map((i: any) => i.visible),
        ]),
      ),
    );
  });
}

beforeAll(async () => {
  livekit = await startLiveKit();
  server = await startWebServer({
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    LIVEKIT_SYNC_SECONDS: '2',
  });
  rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  // The fake camera films a busy clip so that full quality really needs its bitrate.
  const clip = path.join(mkdtempSync(path.join(tmpdir(), 'maillage-video-')), 'busy.y4m');
  writeBusyVideo(clip);
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [...chromiumArgs, `--use-file-for-fake-video-capture=${clip}`],
    timeout: 60_000,
  });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
  if (livekit && process.env.KEEP_LIVEKIT_LOG) copyFileSync(livekit.logFile, process.env.KEEP_LIVEKIT_LOG);
  await livekit?.stop();
});

test('two members meet in a room: video, sound, chat, sprint, low-bandwidth modes, removal', async () => {
  const a = await member('Aline Causse');
  const b = await member('Bastien Aubrac');
  await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${a.id}`;

  // --- The first page loads without LiveKit's client.
  await b.page.goto(`${server.origin}/`);
  await b.page.waitForLoadState('networkidle');
  expect(b.requests.urls.some((u) => u.endsWith('.js'))).toBe(true);
  expect(livekitRequests(b)).toEqual([]);

  // --- A (an admin) creates a private room through the page, and invites B.
  await a.page.goto(`${server.origin}/salles`);
  await a.page.click('button[data-action="create-room"]');
  await a.page.fill('#new-room-name', 'Atelier du Causse');
  await a.page.check('input[name="visibility"][value="private"]');
  await a.page.click('form.create button[type="submit"]');
  await a.page.waitForURL(/\/salles\/[0-9a-f-]{36}$/);
  const roomId = a.page.url().split('/').pop()!;
  const invited = await a.client.post(`/api/rooms/${roomId}/invitations`, { userId: b.id });
  expect(invited.status).toBe(204);

  await b.page.goto(`${server.origin}/salles/${roomId}`);
  await b.page.waitForSelector('room-presence li[data-user-id]');
  // Both are present, each seen by the other.
  await until('both present on both pages', async () => {
    const counts = await Promise.all([a, b].map((m) => m.page.locator('room-presence li[data-user-id]').count()));
    return counts.every((c) => c === 2);
  });
  expect(livekitRequests(a)).toEqual([]);
  expect(livekitRequests(b)).toEqual([]);

  // --- Both join the call by clicking the button a person clicks.
  await a.page.click('call-panel button[data-action="join"]');
  await b.page.click('call-panel button[data-action="join"]');
  expect(livekitRequests(a).length).toBeGreaterThan(0); // loaded only now
  for (const m of [a, b]) {
    await m.page.waitForSelector('call-panel section[data-status="connected"]', { timeout: 20_000 });
    await until(`${m.name} sees two tiles with the other's video`, async () => {
      const frames = await remoteVideoFrames(m.page);
      return frames.length === 1 && frames[0]! > 0;
    });
  }
  await until('LiveKit lists both with a video track', async () => (await publishedVideo(a.id)) === 1 && (await publishedVideo(b.id)) === 1);
  // Who is in the call is kept from LiveKit's webhooks; were they all lost, the periodic check
  // against LiveKit brings both back (this server gets no webhook: none is configured).
  const inCall = () => server.ctx.sql<{ identity: string }[]>`
    select c.identity from call_participants c join rooms r on r.livekit_room = c.livekit_room where r.id = ${roomId} order by c.identity`;
  await until('the periodic check lists both in the call', async () => (await inCall()).length === 2);
  expect((await inCall()).map((r) => r.identity)).toEqual([a.id, b.id].sort());

  // 1 & 2. Each sees the other's video playing and hears the other.
  // LiveKit starts a subscriber on the small layer and moves up as its bandwidth estimate grows,
  // and a busy machine slows the encoders: measure 3-second windows until one shows full quality.
  let fullA: MediaRates | undefined;
  let fullB: MediaRates | undefined;
  let played: boolean[] = [];
  await until(
    'full-quality media both ways',
    async () => {
      const framesBefore = await Promise.all([a, b].map((m) => remoteVideoFrames(m.page)));
      [fullA, fullB] = await measure([a.page, b.page], 3_000);
      const framesAfter = await Promise.all([a, b].map((m) => remoteVideoFrames(m.page)));
      played = framesAfter.map((f, i) => f[0]! > framesBefore[i]![0]!);
      log('full quality? A:', fmt(fullA!), '| B:', fmt(fullB!));
      return (
        fullB!.inVideoKbps > 300 &&
        played.every(Boolean) &&
        [fullA!, fullB!].every((r) => r.framesDecoded > 0 && r.inAudioKbps > 5 && r.audioEnergy > 0)
      );
    },
    60_000,
    0,
  ).catch(async (e) => log(String(e), JSON.stringify(await outboundLayers(a.page))));
  for (const [i, r] of [fullA!, fullB!].entries()) {
    expect(r.framesDecoded, 'frames decoded').toBeGreaterThan(0);
    expect(played[i], 'frames played by the <video>').toBe(true);
    expect(r.inAudioKbps, 'audio received').toBeGreaterThan(5);
    expect(r.audioEnergy, 'audio energy rising').toBeGreaterThan(0);
  }
  // 4a. Media flows at full quality before any mode lowers it.
  expect(fullB!.inVideoKbps, 'video B receives from A at full quality').toBeGreaterThan(300);
  // Cross-check: what B receives from A cannot exceed what A sends (all layers), measured in the other browser.
  expect(fullB!.inVideoKbps).toBeLessThan(fullA!.outVideoKbps * 1.15 + 20);

  // 3. Chat both ways, and the same sprint countdown.
  await a.page.fill('room-chat #chat-input', 'Bonjour depuis Florac ! https://example.org/agenda');
  await a.page.press('room-chat #chat-input', 'Enter');
  await b.page.fill('room-chat #chat-input', 'Salut Aline, ici Marvejols.');
  await b.page.press('room-chat #chat-input', 'Enter');
  for (const m of [a, b]) {
    await until(`${m.name} sees both messages`, async () => {
      const text = await m.page.locator('room-chat ul.log').innerText();
      return text.includes('Bonjour depuis Florac') && text.includes('ici Marvejols');
    });
    const link = m.page.locator('room-chat ul.log a[href="https://example.org/agenda"]');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await m.page.locator('room-chat ul.log li').count()).toBe(2); // once each, never twice
  }
  await a.page.click('room-sprint button[data-action="sprint-25"]');
  const remaining = async (m: Member) => {
    const el = m.page.locator('room-sprint [data-testid="sprint-remaining"]');
    await el.waitFor({ timeout: 10_000 });
    // What the page showed and when (both pages run on this machine's clock): when focus ends.
    const [ms, at] = await Promise.all([el.getAttribute('data-remaining-ms'), el.getAttribute('data-shown-at')]);
    return Number(ms) + Number(at);
  };
  const [endA, endB] = await Promise.all([remaining(a), remaining(b)]);
  log('sprint end differs by', Math.abs(endA - endB), 'ms');
  expect(Math.abs(endA - endB)).toBeLessThan(2_000);
  expect(endA - Date.now()).toBeGreaterThan(24 * 60_000);

  // 4b. A switches to audio only: A sends only speech audio and receives no video.
  await a.page.check('call-panel input[name="call-mode"][value="audio"]');
  await watchCall(a, b);
  await until('LiveKit shows A without video', async () => (await publishedVideo(a.id)) === 0);
  await new Promise((r) => setTimeout(r, 2_000));
  const [audioA, audioB] = await measure([a.page, b.page], 5_000);
  log('A audio only, A:', fmt(audioA!));
  log('A audio only, B:', fmt(audioB!));
  expect(audioA!.outKbps, 'all that A sends').toBeLessThan(64);
  expect(audioA!.outAudioKbps, 'A still sends its voice').toBeGreaterThan(5);
  expect(audioA!.inVideoKbps, 'A receives no video').toBeLessThan(1);
  expect(audioA!.framesDecoded).toBe(0);
  expect(audioA!.inAudioKbps, 'A still hears B').toBeGreaterThan(5);
  // Independent views: B's browser receives no video from A, and LiveKit lists no video track of A.
  expect(audioB!.inVideoKbps).toBeLessThan(1);
  expect(audioB!.audioEnergy).toBeGreaterThan(0);
  expect(await publishedVideo(a.id)).toBe(0);

  // 4c. A back to normal; B switches to low quality: B receives A's small layer only.
  await a.page.check('call-panel input[name="call-mode"][value="normal"]');
  await watchCall(a, b);
  await until('LiveKit shows A with video again', async () => (await publishedVideo(a.id)) === 1);
  // Proves again, on A's new camera track, that B receives more than the low ceiling before B lowers it.
  let again: MediaRates | undefined;
  await until('B receives A again above the low-quality ceiling', async () => {
    [again] = await measure([b.page], 2_000);
    return again!.inVideoKbps > 260 && again!.framesDecoded > 0;
  }, 40_000, 0).catch(async (e) => {
    for (const m of [a, b]) log(m.name, 'subscriptions', await subscriptions(m.page));
    throw e;
  });
  log('A back to normal, B:', fmt(again!));
  await b.page.check('call-panel input[name="call-mode"][value="low"]');
  await watchCall(a, b);
  await new Promise((r) => setTimeout(r, 4_000));
  const [lowA, lowB] = await measure([a.page, b.page], 5_000);
  log('B low quality, A:', fmt(lowA!));
  log('B low quality, B:', fmt(lowB!));
  expect(lowB!.inVideoKbps, 'video B receives in low quality').toBeLessThan(200);
  expect(lowB!.inVideoKbps, 'but video still flows').toBeGreaterThan(20);
  expect(lowB!.framesDecoded).toBeGreaterThan(0);
  expect(lowB!.frameWidth).toBeLessThanOrEqual(320);
  expect(lowB!.frameHeight).toBeLessThanOrEqual(240);
  // Independent views: LiveKit still lists A's camera (B's mode changed only what B receives), and
  // A's own browser sends at least what B's receives (B cannot get more than A sends).
  expect(await publishedVideo(a.id)).toBe(1);
  expect(lowA!.outVideoKbps).toBeGreaterThan(lowB!.inVideoKbps * 0.8);
  log('A layers while B is in low quality (dynacast pauses what nobody asks for):', JSON.stringify(await outboundLayers(a.page)));

  if (process.env.ROOM_SCREENSHOTS) {
    await a.page.screenshot({ path: path.join(process.env.ROOM_SCREENSHOTS, 'room-desktop.png'), fullPage: true });
    await a.page.setViewportSize({ width: 320, height: 640 });
    await a.page.screenshot({ path: path.join(process.env.ROOM_SCREENSHOTS, 'room-320.png'), fullPage: true });
    const overflow = await a.page.evaluate(() => document.documentElement.scrollWidth);
    log('page width at 320 px:', overflow);
    await a.page.setViewportSize({ width: 1280, height: 900 });
  }

  // 4d. B back to normal; A shares the screen: B's tile of A shows the screen, playing, then the camera again.
  await b.page.check('call-panel input[name="call-mode"][value="normal"]');
  await a.page.click('call-panel button[data-action="screen"]');
  const sharing = async () =>
    (await participants()).find((p) => p.identity === a.id)?.tracks.some((t) => t.source === TrackSource.SCREEN_SHARE && !t.muted) ?? false;
  await until("LiveKit lists A's shared screen", sharing);
  expect(await a.page.getAttribute('call-panel button[data-action="screen"]', 'aria-pressed')).toBe('true');
  await watchCall(b);
  /** The source of what B's tile of A shows, read from B's own LiveKit client and the tile's <video>. */
  const shownToB = () =>
    b.page.evaluate(() => {
      const panel = document.querySelector('maillage-app')?.shadowRoot?.querySelector('room-page')?.shadowRoot?.querySelector('call-panel') as any;
      const tile = panel?.shadowRoot?.querySelector('call-tile:not([local])');
      const video = tile?.shadowRoot?.querySelector('video') as HTMLVideoElement | null;
      const trackId = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id;
      const pubs = [...(panel?.call?.room?.remoteParticipants.values() ?? [])].flatMap((p: any) => [...p.trackPublications.values()]);
      const source = pubs.find((t: any) => t.track?.mediaStreamTrack?.id === trackId)?.source;
      return { source: source ?? null, frames: video ? video.getVideoPlaybackQuality().totalVideoFrames : 0 };
    });
  const screenFrames = await until('B sees A\'s screen', async () => {
    const shown = await shownToB();
    return shown.source === 'screen_share' && shown.frames > 0 ? shown.frames : undefined;
  });
  await until('the screen keeps playing for B', async () => {
    const shown = await shownToB();
    return shown.source === 'screen_share' && shown.frames > screenFrames;
  });
  await a.page.click('call-panel button[data-action="screen"]');
  await until("LiveKit no longer lists A's screen", async () => !(await sharing()));
  await until('B sees A\'s camera again', async () => (await shownToB()).source === 'camera');
  expect(await a.page.getAttribute('call-panel button[data-action="screen"]', 'aria-pressed')).toBe('false');

  // 5. The owner removes B from the private room: B leaves the call at once.
  const removedAt = Date.now();
  const res = await a.client.delete(`/api/rooms/${roomId}/invitations/${b.id}`);
  expect(res.status).toBe(204);
  await b.page.waitForSelector('[data-testid="room-removed"]', { timeout: 5_000 });
  await until('LiveKit no longer lists B', async () => !(await participants()).some((p) => p.identity === b.id), 5_000);
  log('B removed from the call within', Date.now() - removedAt, 'ms');
  const bStatus = await b.page.evaluate(() => {
    const stillConnected = (window as unknown as { __testPeerConnections: RTCPeerConnection[] }).__testPeerConnections.filter(
      (pc) => pc.connectionState !== 'closed',
    ).length;
    return stillConnected;
  });
  expect(bStatus, 'B has no live peer connection left').toBe(0);
  expect((await mediaSnapshot(b.page)).connections).toBe(0);
});

test('the built entry chunk does not contain livekit-client; a separate chunk does', () => {
  const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\/(assets\/[^"]+\.js)"/.exec(index)?.[1];
  expect(entry).toBeTruthy();
  // A string only LiveKit's client carries (the name of one of its room events).
  const marker = 'activeSpeakersChanged';
  expect(readFileSync(path.join(dist, entry!), 'utf8')).not.toContain(marker);
  const chunks = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js') && f !== path.basename(entry!));
  expect(chunks.some((f) => readFileSync(path.join(dist, 'assets', f), 'utf8').includes(marker))).toBe(true);
});
