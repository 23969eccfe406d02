import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/socket-events.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** What the server keeps on each connection once its handshake is authenticated. */
export interface SocketData {
  user: SessionUser;
  sessionId: string;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
