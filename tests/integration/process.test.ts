import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { goodPassword, signUp, TestClient, uniqueEmail } from '../support/client.ts';
import { realPostgres, type RealPostgres } from '../support/pgcluster.ts';
import { embeddedDataDir, killAll, spawnNode, spawnServer, type Exit, type SpawnedProcess } from '../support/spawn.ts';

// The server as a person runs it: `node --import tsx server/src/main.ts`, a process of its own,
// stopped by signals. Embedded tests start from a copy of an initialised data folder
// (see embeddedDataDir), since PGlite's initdb takes seconds.

beforeAll(async () => {
  await embeddedDataDir();
}, 90_000);

afterEach(() => killAll());

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    }),
  ]);
}

/** Runs `npm run admin -- <args>` (the same command line, without npm) and waits for it. */
async function admin(args: string[], env: Record<string, string>): Promise<{ exit: Exit; stdout: string; stderr: string[] }> {
  const p: SpawnedProcess = spawnNode('server/src/cli/admin.ts', args, { LOG_LEVEL: 'silent', ...env });
  const exit = await withTimeout(p.exited, 60_000, `admin ${args.join(' ')}`);
  return { exit, stdout: p.stdoutLines().join('\n'), stderr: p.stderrLines().filter((l) => l.trim()) };
}

const linkToken = (stdout: string) => /\/setup\/([A-Za-z0-9]+)\s*$/m.exec(stdout)?.[1];

async function logIn(baseUrl: string, email: string) {
  const client = new TestClient(baseUrl);
  const res = await client.post('/api/auth/login', { email, password: goodPassword });
  return { client, res };
}

describe('configuration errors', { timeout: 90_000 }, () => {
  const cases = [
    { name: 'PORT', env: { PORT: 'abc' } },
    { name: 'DATABASE_URL', env: { DATABASE_URL: 'nonsense' } },
    { name: 'APP_SECRET', env: { NODE_ENV: 'production', APP_SECRET: 'change-me' } },
  ];
  test(`a bad ${cases.map((c) => c.name).join(', ')} each stop the start with exit 1 and one line naming the variable`, async () => {
    // Side by side: each start is a process of its own.
    const runs = await Promise.all(
      cases.map(async ({ name, env }) => {
        const server = await spawnServer(env, { waitReady: false });
        return { name, server, exit: await withTimeout(server.exited, 60_000, `the start with a bad ${name}`) };
      }),
    );
    for (const { name, server, exit } of runs) {
      expect(exit.code, server.output()).toBe(1);
      const errLines = server.stderrLines().filter((l) => l.trim());
      expect(errLines, server.output()).toHaveLength(1);
      expect(errLines[0]).toMatch(new RegExp(`^Configuration error: ${name}: `));
      expect(server.output()).not.toContain('Maillage is listening');
    }
  });
});

describe('the embedded data folder', { timeout: 90_000 }, () => {
  test('a second process on the same DATA_DIR exits with one clear line; the first keeps serving', async () => {
    const dir = await embeddedDataDir();
    const first = await spawnServer({ DATA_DIR: dir });
    const { client, id } = await signUp(first.url, 'First Process');

    const second = await spawnServer({ DATA_DIR: dir }, { waitReady: false });
    const exit = await withTimeout(second.exited, 30_000, 'the second process');
    expect(exit.code, second.output()).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const errLines = second.stderrLines().filter((l) => l.trim());
    expect(errLines, second.output()).toHaveLength(1);
    expect(errLines[0]).toContain(`DATA_DIR ${dir} is already used by Maillage process ${first.proc.pid}`);
    expect(errLines[0]).toContain('DATABASE_URL');
    await expect(fetch(`${second.url}/healthz`)).rejects.toThrow();

    expect(first.proc.exitCode).toBeNull();
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(id);
    expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8').trim()).toBe(String(first.proc.pid));
  });

  test('SIGKILL right after an acknowledged sign-up: the account survives and the stale lock does not prevent the restart', async () => {
    const dir = await embeddedDataDir();
    const server = await spawnServer({ DATA_DIR: dir });
    const email = uniqueEmail('durable');
    const res = await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'Durable', password: goodPassword });
    expect(res.status).toBe(201);
    expect(await server.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    // The dead process's lock is still there: a stale lock.
    expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8').trim()).toBe(String(server.proc.pid));

    const again = await spawnServer({ DATA_DIR: dir });
    const { res: login } = await logIn(again.url, email);
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(res.body.user.id);
    expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8').trim()).toBe(String(again.proc.pid));
  });

  test('data survives a SIGTERM restart; operator commands work on the stopped server', async () => {
    const dir = await embeddedDataDir();
    const server = await spawnServer({ DATA_DIR: dir });
    const member = await signUp(server.url, 'Persistent Member');
    const claimer = await signUp(server.url, 'Future Admin');
    expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    // A clean stop gives the folder back.
    expect(existsSync(path.join(dir, 'maillage.pid'))).toBe(false);
    expect(existsSync(path.join(dir, 'embedded-db.json'))).toBe(false);

    // No server runs: the command opens the embedded database itself.
    const env = { DATA_DIR: dir, PUBLIC_URL: server.origin };
    const made = await admin(['make-admin', member.email], env);
    expect(made.exit.code, made.stderr.join('\n')).toBe(0);
    expect(made.stdout).toContain(`${member.email} is now an admin`);
    const link = await admin(['setup-link'], env);
    expect(link.exit.code, link.stderr.join('\n')).toBe(0);
    expect(link.stdout).toContain(`${server.origin}/setup/`);
    const token = linkToken(link.stdout)!;
    expect(token).toBeTruthy();
    // The command gave the folder back.
    expect(existsSync(path.join(dir, 'maillage.pid'))).toBe(false);

    const again = await spawnServer({ DATA_DIR: dir }, { port: server.port });
    // The session cookie from before the restart still works, and so does a new log-in.
    const me = await member.client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: member.id, role: 'admin' });
    const { res: login } = await logIn(again.url, member.email);
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(member.id);

    const claim = await claimer.client.post('/api/setup/claim', { token });
    expect(claim.status).toBe(200);
    expect(claim.body.user.role).toBe('admin');
  });
});

describe('operator commands next to a running embedded server', { timeout: 90_000 }, () => {
  test('make-admin and setup-link go through the running server; a new link invalidates the earlier one', async () => {
    const dir = await embeddedDataDir();
    const server = await spawnServer({ DATA_DIR: dir });
    const member = await signUp(server.url, 'Operator Pick');
    const env = { DATA_DIR: dir, PUBLIC_URL: server.origin };

    const [made, unknown] = await Promise.all([
      admin(['make-admin', member.email.toUpperCase()], env),
      admin(['make-admin', 'nobody.else@example.org'], env),
    ]);
    expect(made.exit.code, made.stderr.join('\n')).toBe(0);
    expect(made.stdout).toContain(`${member.email} is now an admin (was member)`);
    expect((await member.client.get('/api/auth/me')).body.user.role).toBe('admin');
    expect(unknown.exit.code).toBe(1);
    expect(unknown.stderr).toEqual(['make-admin: no account uses the e-mail address nobody.else@example.org; the member must sign up first.']);

    const [first, second] = [await admin(['setup-link'], env), await admin(['setup-link'], env)];
    for (const r of [first, second]) expect(r.exit.code, r.stderr.join('\n')).toBe(0);
    const [t1, t2] = [linkToken(first.stdout)!, linkToken(second.stdout)!];
    expect(t1).toBeTruthy();
    expect(t2).toBeTruthy();
    expect(t1).not.toBe(t2);

    const a = await signUp(server.url, 'Early Clicker');
    const b = await signUp(server.url, 'Late Clicker');
    const stale = await a.client.post('/api/setup/claim', { token: t1 });
    expect(stale.status).toBe(404);
    expect(stale.body.error.code).toBe('not_found');
    const ok = await a.client.post('/api/setup/claim', { token: t2 });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ id: a.id, role: 'admin' });
    const used = await b.client.post('/api/setup/claim', { token: t2 });
    expect(used.status).toBe(404);
    expect((await b.client.get('/api/auth/me')).body.user.role).toBe('member');
    expect(server.proc.exitCode).toBeNull();
  });
});

describe('on a Postgres server', { timeout: 90_000 }, () => {
  let pg: RealPostgres;
  beforeAll(async () => {
    pg = await realPostgres();
  }, 60_000);
  afterAll(() => pg?.close());

  test('SIGKILL right after an acknowledged sign-up: the account survives; make-admin works through DATABASE_URL', async () => {
    const db = await pg.createDatabase();
    const server = await spawnServer({ DATABASE_URL: db.url });
    const email = uniqueEmail('durable.pg');
    const res = await new TestClient(server.url).post('/api/auth/signup', { email, displayName: 'Durable PG', password: goodPassword });
    expect(res.status).toBe(201);
    expect(await server.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    const again = await spawnServer({ DATABASE_URL: db.url });
    const { client, res: login } = await logIn(again.url, email);
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(res.body.user.id);

    const made = await admin(['make-admin', email], { DATABASE_URL: db.url });
    expect(made.exit.code, made.stderr.join('\n')).toBe(0);
    expect((await client.get('/api/auth/me')).body.user.role).toBe('admin');
  });
});

interface RawResponse {
  status: number;
  body: unknown;
  /** performance.now() when the response was complete. */
  at: number;
}

/** One POST on a connection of its own; resolves with the parsed response, rejects on a reset. `onSent` when it is on the wire. */
function rawPost(url: string, origin: string, body: unknown, onSent: () => void): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { origin, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    // Sent = the connection is established (so it waits in the server's accept queue at
    // least) and the whole request is written; 'finish' alone may precede the connection.
    let pending = 2;
    const step = () => --pending === 0 && onSent();
    req.on('finish', step);
    req.on('socket', (socket) => (socket.connecting ? socket.once('connect', step) : step()));
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text), at: performance.now() });
        } catch (err) {
          reject(new Error(`incomplete response (${res.statusCode}): ${text} (${err})`));
        }
      });
    });
    req.end(payload);
  });
}

/** A GET on a new connection: 'answered <status>' or the connection error's code. */
function newConnectionGet(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

describe('stopping', { timeout: 90_000 }, () => {
  test('SIGTERM lets every request in flight finish, refuses new connections and exits 0 by itself', async () => {
    const dir = await embeddedDataDir();
    const server = await spawnServer({ DATA_DIR: dir });
    // Two accounts, ten log-ins each: within the per-account limit, so each one runs argon2.
    const accounts = [await signUp(server.url, 'Busy One'), await signUp(server.url, 'Busy Two')];

    let sent = 0;
    let allSent!: () => void;
    const flushed = new Promise<void>((resolve) => (allSent = resolve));
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      rawPost(`${server.url}/api/auth/login`, server.origin, { email: accounts[i % 2]!.email, password: goodPassword }, () => {
        if (++sent === 20) allSent();
      }),
    );
    // Collect outcomes without letting an early rejection escape.
    const settled = Promise.allSettled(inFlight);
    await withTimeout(flushed, 10_000, 'sending the 20 log-ins');
    server.proc.kill('SIGTERM');
    const killedAt = performance.now();

    // Once the server says it no longer accepts connections, a new one is refused.
    await server.waitFor(/"msg":"no longer accepting connections"/, 10_000);
    expect(await newConnectionGet(`${server.url}/healthz`)).toBe('ECONNREFUSED');

    const outcomes = await withTimeout(settled, 20_000, 'the requests in flight');
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    expect(failures, `requests in flight were cut; server output:\n${server.output()}`).toEqual([]);
    const responses = outcomes.map((o) => (o as PromiseFulfilledResult<RawResponse>).value);
    for (const r of responses) {
      expect([200, 429]).toContain(r.status);
      if (r.status === 200) expect(r.body).toMatchObject({ user: { email: expect.any(String) } });
    }
    expect(responses.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    // The check means something only if the server was still working on some of them at SIGTERM.
    const finishedAfterSignal = responses.filter((r) => r.at > killedAt).length;
    expect(finishedAfterSignal, 'responses completed after SIGTERM was sent').toBeGreaterThan(0);

    const exit = await withTimeout(server.exited, 10_000, 'the exit after SIGTERM');
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dir, 'maillage.pid'))).toBe(false);
    // Nothing listens on the port any more.
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });
});
