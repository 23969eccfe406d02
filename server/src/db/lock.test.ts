import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runningEmbeddedUrl } from './connect.ts';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'maillage-lock-'));
  dirs.push(d);
  return d;
}

/** A process that runs until killed, standing for another Maillage process. */
function otherProcess(): number {
  const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => c.once('exit', r));
  return c.pid!;
}

test('the lock holds the pid of its process and is given back', () => {
  const dir = tempDir();
  const unlock = lockDataDir(dir);
  expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8')).toBe(String(process.pid));
  unlock();
  expect(existsSync(path.join(dir, 'maillage.pid'))).toBe(false);
});

test('a folder held by another live process is refused with a message naming it and DATABASE_URL', () => {
  const dir = tempDir();
  const pid = otherProcess();
  writeFileSync(path.join(dir, 'maillage.pid'), String(pid));
  expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  expect(() => lockDataDir(dir)).toThrow(`DATA_DIR ${dir} is already used by Maillage process ${pid}`);
  expect(() => lockDataDir(dir)).toThrow(/DATABASE_URL/);
  expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8')).toBe(String(pid));
});

test('a lock left by a dead process or unreadable is taken over', async () => {
  for (const content of [String(await deadPid()), 'garbage', '']) {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'maillage.pid'), content);
    const unlock = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'maillage.pid'), 'utf8')).toBe(String(process.pid));
    unlock();
  }
});

test('the published embedded address counts only while its process lives', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'embedded-db.json');
  expect(runningEmbeddedUrl(dir)).toBeUndefined();
  writeFileSync(file, JSON.stringify({ pid: otherProcess(), url: 'postgres://postgres:postgres@127.0.0.1:5999/postgres' }));
  expect(runningEmbeddedUrl(dir)).toBe('postgres://postgres:postgres@127.0.0.1:5999/postgres');
  writeFileSync(file, JSON.stringify({ pid: await deadPid(), url: 'postgres://postgres:postgres@127.0.0.1:5999/postgres' }));
  expect(runningEmbeddedUrl(dir)).toBeUndefined();
});
