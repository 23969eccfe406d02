import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The LiveKit release the project is pinned to (infra/livekit/VERSION). */
export const liveKitVersion = readFileSync(path.join(repoRoot, 'infra/livekit/VERSION'), 'utf8').trim();

/** Where infra/livekit/build.sh puts the binary, or LIVEKIT_BIN when set. */
export function liveKitBinaryPath(): string {
  if (process.env.LIVEKIT_BIN) return process.env.LIVEKIT_BIN;
  const cache = process.env.MAILLAGE_CACHE || path.join(homedir(), '.cache', 'maillage');
  return path.join(cache, 'livekit', liveKitVersion, 'livekit-server');
}

/** The livekit-server binary's path if it exists. */
export function liveKitBinary(): string | undefined {
  const p = liveKitBinaryPath();
  return existsSync(p) ? p : undefined;
}

/** A UDP port free on loopback right now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export interface RunningLiveKit {
  /** Signalling URL for clients and Maillage's LIVEKIT_URL: ws://127.0.0.1:PORT */
  url: string;
  /** Same server over HTTP, for RoomServiceClient. */
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The server's log file (kept until stop()). */
  logFile: string;
  stop(): Promise<void>;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomChars(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited(child);
  clearTimeout(timer);
}

const startupTimeoutMs = 20_000;
const maxAttempts = 3;

/**
 * Starts a real livekit-server of its own on loopback: free ports, fresh keys, an optional
 * webhook target. Each test file that needs LiveKit starts one so webhooks reach its own server.
 */
export async function startLiveKit(opts: { webhookUrl?: string } = {}): Promise<RunningLiveKit> {
  const bin = liveKitBinary();
  if (!bin) {
    throw new Error(
      `livekit-server not found at ${liveKitBinaryPath()}: run infra/livekit/build.sh (needs Go) or set LIVEKIT_BIN`,
    );
  }
  // Ports are only known free when checked; another process may take one before LiveKit binds it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin, opts);
    } catch (err) {
      if (attempt < maxAttempts && err instanceof PortTakenError) continue;
      throw err;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(bin: string, opts: { webhookUrl?: string }): Promise<RunningLiveKit> {
  const dir = mkdtempSync(path.join(tmpdir(), 'maillage-livekit-'));
  const [httpPort, tcpPort, udpPort, stunPort] = [await freePort(), await freePort(), await freeUdpPort(), await freeUdpPort()];
  const apiKey = `K${randomChars(11)}`;
  const apiSecret = randomChars(40);
  // YAML is a superset of JSON, so the config is written as JSON: no quoting surprises.
  const config = {
    port: httpPort,
    bind_addresses: ['127.0.0.1'],
    log_level: 'info',
    rtc: {
      tcp_port: tcpPort,
      udp_port: udpPort,
      node_ip: '127.0.0.1',
      use_external_ip: false,
      enable_loopback_candidate: true,
      ips: { includes: ['127.0.0.1/32'] },
      // An empty list would hand clients Google's STUN servers; this loopback port has no listener.
      stun_servers: [`127.0.0.1:${stunPort}`],
    },
    turn: { enabled: false },
    keys: { [apiKey]: apiSecret },
    ...(opts.webhookUrl ? { webhook: { api_key: apiKey, urls: [opts.webhookUrl] } } : {}),
  };
  const configFile = path.join(dir, 'livekit.yaml');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const logFile = path.join(dir, 'livekit.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(bin, ['--config', configFile], { stdio: ['ignore', logFd, logFd], cwd: dir });
  closeSync(logFd);
  // If the test process dies without calling stop(), do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));

  const cleanup = async () => {
    process.off('exit', killOnExit);
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + startupTimeoutMs;
  let ready = false;
  while (Date.now() < deadline) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) break;
    try {
      const res = await fetch(`${httpUrl}/`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) {
        ready = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) {
    const why = spawnError
      ? `could not run ${bin}: ${spawnError.message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.exitCode ?? child.signalCode})`
        : `did not answer GET ${httpUrl}/ within ${startupTimeoutMs / 1000} s`;
    const log = tail(logFile, 20);
    await cleanup();
    const E = /address already in use/i.test(log) ? PortTakenError : Error;
    throw new E(`livekit-server ${why}. Last lines of its log:\n${log}`);
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `ws://127.0.0.1:${httpPort}`,
    httpUrl,
    apiKey,
    apiSecret,
    logFile,
    stop: () => (stopped ??= cleanup()),
  };
}
