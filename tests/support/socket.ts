import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/errors.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket-events.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  /** The Cookie header to send (e.g. `client.cookieHeader()`); none when omitted. */
  cookie?: string;
  /** The Origin header; `null` sends none. Defaults to the server's own origin. */
  origin?: string | null;
  transport?: 'polling' | 'websocket';
  /** Automatic reconnection (off unless asked, so that a refused socket stays down). */
  reconnection?: boolean;
  timeoutMs?: number;
}

export type ConnectResult =
  | { connected: true; socket: TestSocket }
  | { connected: false; socket: TestSocket; error: Error & { data?: { code?: string } } };

/** Opens a socket.io connection as a browser on `origin` would; resolves on connect or connect_error. */
export function connectSocket(baseUrl: string, opts: ConnectOptions = {}): Promise<ConnectResult> {
  const origin = opts.origin === undefined ? new URL(baseUrl).origin : opts.origin;
  const extraHeaders: Record<string, string> = {};
  if (origin) extraHeaders.origin = origin;
  if (opts.cookie) extraHeaders.cookie = opts.cookie;
  const socket: TestSocket = io(baseUrl, {
    transports: [opts.transport ?? 'websocket'],
    extraHeaders,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
    timeout: opts.timeoutMs ?? 5000,
    forceNew: true,
  });
  return new Promise((resolve) => {
    const done = (r: ConnectResult) => {
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      resolve(r);
    };
    const onConnect = () => done({ connected: true, socket });
    const onError = (error: Error) => {
      if (!opts.reconnection) socket.close();
      done({ connected: false, socket, error });
    };
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}

/** Connects or throws; for tests where the connection itself is not under test. */
export async function connectOk(baseUrl: string, opts: ConnectOptions = {}): Promise<TestSocket> {
  const r = await connectSocket(baseUrl, opts);
  if (!r.connected) throw new Error(`socket refused: ${r.error.message}`);
  return r.socket;
}

/** Emits an event with an ack and resolves with the ack, or rejects after `timeoutMs`. */
export function emitAck<T = unknown>(socket: TestSocket, event: string, ...args: unknown[]): Promise<Ack<T>> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(ev: string, ...a: unknown[]): Promise<Ack<T>> } })
    .timeout(5000)
    .emitWithAck(event, ...args);
}

/** Resolves when the socket disconnects (with the reason), rejects after `timeoutMs`. */
export function waitForDisconnect(socket: TestSocket, timeoutMs: number): Promise<string> {
  if (socket.disconnected) return Promise.resolve('already disconnected');
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`socket still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(t);
      resolve(reason);
    });
  });
}

/** Resolves on the socket's next connect or connect_error. */
export function nextConnectOutcome(socket: TestSocket, timeoutMs = 10_000): Promise<{ connected: boolean; error?: Error }> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no connect outcome after ${timeoutMs} ms`)), timeoutMs);
    const finish = (r: { connected: boolean; error?: Error }) => {
      clearTimeout(t);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      resolve(r);
    };
    const onConnect = () => finish({ connected: true });
    const onError = (error: Error) => finish({ connected: false, error });
    socket.once('connect', onConnect);
    socket.once('connect_error', onError);
  });
}
