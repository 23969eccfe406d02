import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Flags for Debian's Chromium in tests: headless, no sandbox (containers), fake camera and microphone, quiet. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** Launches the system Chromium (never a downloaded one); `CHROME_PATH` overrides its location. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: chromiumArgs,
    timeout: 60_000,
  });
}

/**
 * Logs a browser context in as a member who signed up through the API: copies the session
 * cookie of `cookieHeader` (a TestClient's `cookieHeader()`) for the server at `origin`.
 */
export async function addSessionCookies(context: BrowserContext, origin: string, cookieHeader: string): Promise<void> {
  const { hostname } = new URL(origin);
  await context.addCookies(
    cookieHeader
      .split('; ')
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf('=');
        return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const };
      }),
  );
}

export interface RecordedRequests {
  /** Every URL the page asked for (documents, scripts, fetches, WebSockets...), in order. */
  readonly urls: string[];
  /** The URLs that went to a host other than the loopback address (data:, blob: and about: are local). */
  offLoopback(): string[];
}

const localSchemes = new Set(['data:', 'blob:', 'about:', 'chrome-extension:', 'devtools:']);

/** Records every request `page` makes, so that a test can prove nothing left for another host. */
export function recordRequests(page: Page, loopbackHosts: readonly string[] = ['127.0.0.1']): RecordedRequests {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (ws) => urls.push(ws.url()));
  return {
    urls,
    offLoopback: () =>
      urls.filter((u) => {
        const url = new URL(u);
        if (localSchemes.has(url.protocol)) return false;
        return !loopbackHosts.includes(url.hostname);
      }),
  };
}

/**
 * Problems the page itself reports, to assert there are none: uncaught exceptions, and with
 * `console` the console's errors too (the refusals a test provokes log a 4xx: `ignore` them).
 */
export function watchPageErrors(page: Page, opts: { console?: boolean; ignore?: RegExp } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  if (opts.console) {
    page.on('console', (m) => {
      if (m.type() === 'error' && !opts.ignore?.test(m.text())) errors.push(`console: ${m.text()}`);
    });
  }
  return errors;
}

/**
 * A fresh browser context in French, logged in with a TestClient's `cookieHeader()` (null: a
 * visitor), and its page with the errors it reports. The caller closes the context.
 */
export async function openPage(
  browser: Browser,
  origin: string,
  cookieHeader: string | null,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  if (cookieHeader) await addSessionCookies(context, origin, cookieHeader);
  const page = await context.newPage();
  return { context, page, errors: watchPageErrors(page) };
}
