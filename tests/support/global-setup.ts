import { existsSync } from 'node:fs';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { liveKitBinary, liveKitBinaryPath } from './livekit.ts';
import { buildWeb, chromiumMissing, findChromium, webBuildState } from './prereq.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Chromium's path for the browser tests (browser project only). */
    chromePath: string;
    /** The livekit-server binary tests start with startLiveKit (server project only). */
    liveKitBinary: string;
  }
}

/**
 * Checks what each selected project needs before any of its test files run. Vitest runs this
 * once for the root project and once for every project that has test files in this run, so
 * `project.name` says which needs to check ('' is the root). It never starts services: a test
 * file that needs LiveKit starts its own (tests/support/livekit.ts) so webhooks reach it.
 */
export default async function setup(project: TestProject) {
  if (project.name === 'server') {
    const bin = liveKitBinary();
    if (!bin) throw new Error(`livekit-server not found at ${liveKitBinaryPath()}: run npm test (builds it), infra/livekit/build.sh, or set LIVEKIT_BIN`);
    project.provide('liveKitBinary', bin);
    await checkPostgres();
  }

  if (project.name === 'browser') {
    const chrome = findChromium();
    if (!chrome || !existsSync(chrome)) throw new Error(chrome ? `CHROME_PATH=${chrome} does not exist` : chromiumMissing);
    project.provide('chromePath', chrome);
    const bin = liveKitBinary();
    if (bin) project.provide('liveKitBinary', bin);
    const state = webBuildState();
    if (state === 'stale') {
      const { seconds } = buildWeb();
      project.vitest.logger.log(`Built the web app (web/dist) in ${seconds.toFixed(1)} s.`);
    }
  }
}

/** A wrong TEST_DATABASE_URL would otherwise fail every database test one by one. */
async function checkPostgres() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (e) {
    const redacted = url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
    throw new Error(`TEST_DATABASE_URL=${redacted} is not usable (${(e as Error).message}); start it with infra/postgres/start.sh or unset it to use the embedded database`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
