import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Variables of the server's configuration: never inherited from the test runner's environment. */
const configVariables = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'ALLOWED_ORIGINS',
  'DATA_DIR',
  'DATABASE_URL',
  'APP_SECRET',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'LIVEKIT_URL',
  'LIVEKIT_API_KEY',
  'LIVEKIT_API_SECRET',
  'SERVE_WEB',
];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnedProcess {
  proc: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved by arrival. */
  output(): string;
  stdoutLines(): string[];
  stderrLines(): string[];
  /** Resolves with the first line (already printed or to come) matching `re`; rejects after `ms` with the output. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  exited: Promise<Exit>;
  /** Sends `signal` (if the process still runs) and resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface SpawnedServer extends SpawnedProcess {
  url: string;
  port: number;
  /** The Origin a browser on the site sends. */
  origin: string;
  dataDir: string;
}

export interface SpawnOptions {
  /** Resolve as soon as the process runs instead of waiting for "Maillage is listening". */
  waitReady?: boolean;
  timeoutMs?: number;
  port?: number;
}

const running = new Set<SpawnedProcess>();
const ownedDirs = new Set<string>();

function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('TEST_') || configVariables.includes(k) || k.startsWith('VITEST')) continue;
    out[k] = v;
  }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * Runs `node --import tsx <script> ...args` from the repository root and captures its output.
 * `env` is added to the runner's environment without TEST_* and Maillage variables
 * (a value of undefined removes a variable).
 */
export function spawnNode(script: string, args: string[], env: Record<string, string | undefined>): SpawnedProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const all: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const waiters = new Set<{ re: RegExp; resolve: (line: string) => void }>();
  const collect = (stream: NodeJS.ReadableStream, lines: string[]) => {
    let partial = '';
    stream.setEncoding('utf8');
    const push = (line: string) => {
      lines.push(line);
      all.push(line);
      for (const w of waiters) {
        if (w.re.test(line)) {
          waiters.delete(w);
          w.resolve(line);
        }
      }
    };
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const p of parts) push(p);
    });
    stream.on('end', () => {
      if (partial) push(partial);
      partial = '';
    });
  };
  collect(proc.stdout!, out);
  collect(proc.stderr!, err);

  const exited = new Promise<Exit>((resolve) => {
    proc.once('close', (code, signal) => resolve({ code, signal }));
  });
  let exit: Exit | undefined;
  void exited.then((e) => {
    exit = e;
    running.delete(handle);
  });

  const handle: SpawnedProcess = {
    proc,
    output: () => all.join('\n'),
    stdoutLines: () => [...out],
    stderrLines: () => [...err],
    waitFor(re, ms = 30_000) {
      const seen = all.find((l) => re.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = {
          re,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no output line matching ${re} within ${ms} ms; output:\n${handle.output()}`));
        }, ms);
        waiters.add(w);
      });
    },
    exited,
    async kill(signal = 'SIGTERM') {
      if (!exit) proc.kill(signal);
      return exited;
    },
  };
  running.add(handle);
  return handle;
}

function isListeningLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    return (JSON.parse(line) as { msg?: string }).msg === 'Maillage is listening';
  } catch {
    return false;
  }
}

/**
 * Starts the real server as a child process on a free loopback port and resolves when it
 * logs "Maillage is listening"; rejects with its output when it exits first or takes longer
 * than 30 s. Without DATA_DIR in `env` it gets a fresh temporary one (removed by killAll).
 */
export async function spawnServer(env: Record<string, string | undefined> = {}, opts: SpawnOptions = {}): Promise<SpawnedServer> {
  const port = opts.port ?? (await freePort());
  let dataDir = env.DATA_DIR;
  if (!dataDir) {
    dataDir = mkdtempSync(path.join(tmpdir(), 'maillage-spawn-'));
    ownedDirs.add(dataDir);
  }
  const origin = `http://127.0.0.1:${port}`;
  const child = spawnNode('server/src/main.ts', [], {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: origin,
    LOG_LEVEL: 'info',
    SERVE_WEB: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  const server: SpawnedServer = { ...child, url: origin, port, origin, dataDir };
  if (opts.waitReady === false) return server;

  const timeoutMs = opts.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        const check = () => (child.stdoutLines().some(isListeningLine) ? resolve() : child.proc.stdout!.once('data', () => setImmediate(check)));
        check();
      }),
      child.exited.then((e) => {
        throw new Error(`the server exited (code ${e.code}, signal ${e.signal}) before listening; output:\n${child.output()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the server did not listen within ${timeoutMs} ms; output:\n${child.output()}`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    await child.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return server;
}

/**
 * A new data folder holding an initialised, migrated embedded database. Creating one from
 * nothing costs PGlite's initdb (10 s and more on a busy machine), so it is copied from a
 * template made once by the real server and cached in the temp folder, keyed by the PGlite
 * version and the migrations. Removed by killAll.
 */
export async function embeddedDataDir(): Promise<string> {
  const template = await embeddedTemplate();
  const dir = mkdtempSync(path.join(tmpdir(), 'maillage-embedded-'));
  ownedDirs.add(dir);
  cpSync(template, dir, { recursive: true });
  rmSync(path.join(dir, readyMarker), { force: true });
  return dir;
}

const readyMarker = '.template-ready';
let templatePromise: Promise<string> | undefined;

function embeddedTemplate(): Promise<string> {
  templatePromise ??= (async () => {
    const hash = createHash('sha256');
    hash.update(readFileSync(path.join(repoRoot, 'node_modules/@electric-sql/pglite/package.json')));
    const migrations = path.join(repoRoot, 'server/migrations');
    for (const f of readdirSync(migrations).sort()) hash.update(f).update(readFileSync(path.join(migrations, f)));
    const final = path.join(tmpdir(), `maillage-pglite-template-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(path.join(final, readyMarker))) return final;

    const building = mkdtempSync(path.join(tmpdir(), 'maillage-template-build-'));
    try {
      const server = await spawnServer({ DATA_DIR: building }, { timeoutMs: 85_000 });
      const exit = await server.kill('SIGTERM');
      if (exit.code !== 0) throw new Error(`the template server did not stop cleanly (${JSON.stringify(exit)}):\n${server.output()}`);
      writeFileSync(path.join(building, readyMarker), '');
      rmSync(final, { recursive: true, force: true });
      try {
        renameSync(building, final);
      } catch (err) {
        // Another test file built it at the same time.
        if (!existsSync(path.join(final, readyMarker))) throw err;
      }
      return final;
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  })();
  templatePromise.catch(() => (templatePromise = undefined));
  return templatePromise;
}

/** Kills every process started here that still runs and removes the data folders made for them. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill('SIGKILL')));
  for (const d of ownedDirs) rmSync(d, { recursive: true, force: true });
  ownedDirs.clear();
}

// A crashed test run must not leave servers behind.
process.once('exit', () => {
  for (const p of running) p.proc.kill('SIGKILL');
});
