/**
 * Time from pressing "join" to the first remote video frame, on loopback: Maillage's room page
 * (POST /call, livekit-client loaded on demand, publish, subscribe) beside a bare page that
 * connects with livekit-client alone, in the same run against the same LiveKit room.
 *
 *   node --import tsx bench/join-video.ts [joins=10]
 *
 * Needs the built web app (npx vite build --config web/vite.config.ts). Only 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { launchChromium, addSessionCookies } from '../tests/support/chromium.ts';
import { signUp } from '../tests/support/client.ts';
import { startLiveKit } from '../tests/support/livekit.ts';
import { freePort } from '../tests/support/ports.ts';
import { startTestServer } from '../tests/support/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const joins = Math.max(3, Number(process.argv[2] ?? 10));
const perJoinTimeoutMs = 30_000;
const overallDeadline = Date.now() + 8 * 60_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// In the page: press the button, then wait for a remote <video> (anywhere in shadow roots) to show a frame.
async function timeToFirstFrame(page: Page, buttonSelector: string): Promise<number> {
  await page.waitForSelector(buttonSelector, { timeout: perJoinTimeoutMs });
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  const script = `new Promise((resolve, reject) => {
    const find = (root, match) => {
      for (const el of root.querySelectorAll('*')) {
        if (match(el)) return el;
        if (el.shadowRoot) {
          const inner = find(el.shadowRoot, match);
          if (inner) return inner;
        }
      }
      return undefined;
    };
    const button = find(document, (el) => el.matches(${JSON.stringify(buttonSelector.replace(/^call-panel /, ''))}));
    const t0 = performance.now();
    button.click();
    const check = () => {
      // A remote <video> showing a frame; in the app the local tile's host is marked "local".
      const video = find(document, (el) =>
        el instanceof HTMLVideoElement && !!el.srcObject && el.getVideoPlaybackQuality().totalVideoFrames > 0 &&
        !(el.getRootNode().host && el.getRootNode().host.hasAttribute('local')));
      if (video) return resolve(performance.now() - t0);
      if (performance.now() - t0 > ${perJoinTimeoutMs}) return reject(new Error('no remote frame'));
      requestAnimationFrame(check);
    };
    check();
  })`;
  return page.evaluate(script) as Promise<number>;
}

const barePage = (url: string, token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare livekit-client</title></head>
<body><button id="join">join</button><div id="videos"></div>
<script type="module">
import { Room, RoomEvent, Track } from '/livekit-client.mjs';
document.getElementById('join').addEventListener('click', async () => {
  const room = new Room({ adaptiveStream: true, dynacast: true });
  window.__room = room;
  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind !== Track.Kind.Video) return;
    const v = track.attach();
    v.style.width = '640px';
    document.getElementById('videos').append(v);
  });
  await room.connect(${JSON.stringify(url)}, ${JSON.stringify(token)});
  await room.localParticipant.enableCameraAndMicrophone();
});
</script></body></html>`;

async function main() {
  const livekit = await startLiveKit();
  const server = await startTestServer({
    SERVE_WEB: 'true',
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
  });
  const browser = await launchChromium();
  const bare = createServer();
  const lkModule = readFileSync(path.join(root, 'node_modules/livekit-client/dist/livekit-client.esm.mjs'));
  let bareHtml = '';
  bare.on('request', (req, res) => {
    if (req.url === '/livekit-client.mjs') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' }).end(lkModule);
    } else res.writeHead(200, { 'content-type': 'text/html' }).end(bareHtml);
  });
  const barePort = await freePort();
  await new Promise<void>((r) => bare.listen(barePort, '127.0.0.1', r));

  try {
    const a = await signUp(server.origin, 'Aline Publie');
    const b = await signUp(server.origin, 'Bastien Rejoint');
    await server.ctx.sql`update users set role = 'admin', email_verified_at = now() where id = ${a.id}`;
    const created = await a.client.post('/api/rooms', { name: 'Banc d’essai', visibility: 'open' });
    if (created.status !== 201) throw new Error(`create room: ${created.status} ${JSON.stringify(created.body)}`);
    const roomId: string = created.body.id;

    const contextFor = async (cookies: string) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await addSessionCookies(ctx, server.origin, cookies);
      return ctx;
    };

    // A sits in the call and publishes the whole time.
    const aPage = await (await contextFor(a.client.cookieHeader())).newPage();
    await aPage.goto(`${server.origin}/salles/${roomId}`);
    await aPage.click('call-panel button[data-action="join"]');
    await aPage.waitForSelector('call-panel section[data-status="connected"]', { timeout: 30_000 });
    const roomService = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
    const lkRoom = (await roomService.listRooms())[0]!.name;

    const bContext = await contextFor(b.client.cookieHeader());
    const appTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < joins && Date.now() < overallDeadline; i++) {
      // The app, as B uses it: open the room, press "join".
      const page = await bContext.newPage();
      await page.goto(`${server.origin}/salles/${roomId}`);
      appTimes.push(await timeToFirstFrame(page, 'call-panel button[data-action="join"]'));
      await page.close();

      // The bare page: a token minted here, livekit-client alone.
      const token = await new AccessToken(livekit.apiKey, livekit.apiSecret, { identity: `bare-${i}`, ttl: 600 });
      token.addGrant({ roomJoin: true, room: lkRoom, canPublish: true, canSubscribe: true });
      bareHtml = barePage(livekit.url, await token.toJwt());
      const bp = await bContext.newPage();
      await bp.goto(`http://127.0.0.1:${barePort}/`);
      bareTimes.push(await timeToFirstFrame(bp, '#join'));
      await bp.close();
      // Let LiveKit notice the departures before the next join.
      await new Promise((r) => setTimeout(r, 500));
    }

    const rows = [
      ['page', 'joins', 'median ms', 'min ms', 'max ms'],
      ['Maillage room page', appTimes.length, median(appTimes).toFixed(0), Math.min(...appTimes).toFixed(0), Math.max(...appTimes).toFixed(0)],
      ['bare livekit-client', bareTimes.length, median(bareTimes).toFixed(0), Math.min(...bareTimes).toFixed(0), Math.max(...bareTimes).toFixed(0)],
    ];
    console.log('\nJoin → first remote video frame, loopback LiveKit', '\n');
    for (const r of rows) console.log(r.map((c, j) => String(c).padEnd(j === 0 ? 22 : 11)).join(''));
    console.log(`\nratio (app / bare): ${(median(appTimes) / median(bareTimes)).toFixed(2)}`);
    console.log(`app samples:  ${appTimes.map((t) => t.toFixed(0)).join(' ')}`);
    console.log(`bare samples: ${bareTimes.map((t) => t.toFixed(0)).join(' ')}`);
  } finally {
    await browser.close().catch(() => {});
    bare.close();
    await server.stop();
    await livekit.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
