import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// What the test suite needs from the machine, shared by tests/run.ts and the global setup.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The full path of `cmd` on PATH, or undefined. */
export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const chromiumMissing = 'Browser tests need Chromium: apt-get install chromium (or set CHROME_PATH)';

/** CHROME_PATH when set (even if wrong, so the error names it), else Chromium or Chrome on PATH. */
export function findChromium(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = which(name);
    if (p) return p;
  }
  return undefined;
}

/** The newest modification time (ms) of the files under the given paths; 0 when none exist. */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') visit(path.join(p, e));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of paths) visit(p);
  return newest;
}

const webConfig = path.join(repoRoot, 'web/vite.config.ts');
const webIndex = path.join(repoRoot, 'web/dist/index.html');
/** What the built web app is made of (the app imports the contracts in shared/). */
const webSources = ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'shared'].map((p) => path.join(repoRoot, p));

export type WebBuildState = 'no-web-app' | 'fresh' | 'stale';

export function webBuildState(): WebBuildState {
  if (!existsSync(webConfig)) return 'no-web-app';
  if (!existsSync(webIndex)) return 'stale';
  return statSync(webIndex).mtimeMs >= newestMtime(webSources) ? 'fresh' : 'stale';
}

/** Builds web/dist with Vite; throws with Vite's output when the build fails. */
export function buildWeb(): { seconds: number } {
  const start = Date.now();
  // Built aside, then swapped in: a browser test of another run may be serving web/dist now.
  const dist = path.join(repoRoot, 'web', 'dist');
  const fresh = `${dist}.build-${process.pid}`;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', fresh, '--emptyOutDir'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  if (r.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n');
    throw new Error(`The web app does not build (npx vite build --config web/vite.config.ts):\n${out || r.error?.message}`);
  }
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(fresh, dist);
  rmSync(old, { recursive: true, force: true });
  return { seconds: (Date.now() - start) / 1000 };
}
