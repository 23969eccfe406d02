import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './ports.ts';

const run = promisify(execFile);
const pgRoot = '/usr/lib/postgresql';
const installHint = 'apt-get install postgresql';

/**
 * A throwaway Postgres server of its own (data folder, port, socket folder), for tests that
 * stop and restart Postgres without touching the shared server on 5432.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  dir: string;
  running(): boolean;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Fast shutdown: open connections are ended. */
  stop(): Promise<void>;
  /** Stops it if it runs and removes its files. */
  destroy(): Promise<void>;
  /** The URL of `database` on this server. */
  urlOf(database: string): string;
}

/** The bin folder of the newest Postgres installed under /usr/lib/postgresql. */
export function postgresBinDir(): string {
  const versions = existsSync(pgRoot)
    ? readdirSync(pgRoot)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(pgRoot, v, 'bin/initdb')) && existsSync(path.join(pgRoot, v, 'bin/pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(`These tests run a private Postgres server and need its binaries (${pgRoot}/<version>/bin/initdb, pg_ctl): ${installHint}`);
  }
  return path.join(pgRoot, versions[0]!, 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`No "postgres" OS user to run a private Postgres server as: ${installHint}`);
  }
}

const live = new Set<PgCluster>();

/** initdb + start a private cluster on a free loopback port. Needs root (it runs Postgres as the postgres user). */
export async function createPgCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  if (process.getuid?.() !== 0) {
    throw new Error('A private Postgres server is started with runuser -u postgres, which needs root; run the tests as root (as CI does).');
  }
  const { uid, gid } = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'maillage-pg-'));
  chownSync(dir, uid, gid);
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const pg = (tool: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { timeout: 60_000 });

  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(err as { stderr?: string }).stderr ?? err}`);
  }
  const port = await freePort();
  let up = false;

  const start = async () => {
    try {
      // -l: the server's output goes to a file, else pg_ctl's pipe stays open for its lifetime.
      await pg('pg_ctl', ['-D', data, '-l', logFile, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', '-t', '30', 'start']);
    } catch (err) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`pg_ctl start failed: ${(err as { stderr?: string }).stderr ?? err}\n${log}`);
    }
    up = true;
  };
  const stop = async () => {
    await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    up = false;
  };

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const cluster: PgCluster = {
    url,
    port,
    dir,
    running: () => up,
    start,
    stop,
    async destroy() {
      live.delete(cluster);
      if (up) await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      up = false;
      rmSync(dir, { recursive: true, force: true });
    },
    urlOf(database) {
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
  };
  live.add(cluster);
  try {
    await start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}

// A crashed test run must not leave Postgres servers behind.
process.once('exit', () => {
  for (const c of live) {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', path.join(postgresBinDir(), 'pg_ctl'), '-D', path.join(c.dir, 'data'), '-m', 'immediate', 'stop'], {
        stdio: 'ignore',
      });
    } catch {
      // already stopped
    }
    rmSync(c.dir, { recursive: true, force: true });
  }
});

/** A real Postgres server to make throwaway databases on. */
export interface RealPostgres {
  /** The shared server named by TEST_DATABASE_URL, or a private cluster started for the tests. */
  where: 'shared' | 'private';
  /** The URL of its `postgres` database (for admin statements). */
  adminUrl: string;
  createDatabase(prefix?: string): Promise<FreshDatabase>;
  /** Drops the databases made here that are left, and stops a private cluster. */
  close(): Promise<void>;
}

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * The Postgres server named by TEST_DATABASE_URL or, when it is unset, a private cluster:
 * so tests that need a real server (races, restarts) always get one.
 */
export async function realPostgres(): Promise<RealPostgres> {
  const base = process.env.TEST_DATABASE_URL || undefined;
  const cluster = base ? undefined : await createPgCluster();
  const adminUrl = base ?? cluster!.url;
  const made = new Set<string>();
  const admin = async (statement: string) => {
    const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(statement);
    } finally {
      await a.end();
    }
  };
  const drop = async (name: string) => {
    made.delete(name);
    await admin(`drop database if exists ${name} with (force)`);
  };
  return {
    where: base ? 'shared' : 'private',
    adminUrl,
    async createDatabase(prefix = 'maillage_p') {
      const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await admin(`create database ${name}`);
      made.add(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { name, url: url.toString(), drop: () => drop(name) };
    },
    async close() {
      if (cluster) {
        made.clear();
        await cluster.destroy();
        return;
      }
      for (const name of [...made]) await drop(name).catch(() => {});
    },
  };
}
