import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/socket-events.ts';
import { navigate } from '../app/navigate.ts';
import { session } from '../app/session.ts';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: AppSocket | null = null;

/** The page's one live connection, created on first use; it connects only for a logged-in member. */
export function getSocket(): AppSocket {
  if (!socket) {
    socket = io({ withCredentials: true, transports: ['websocket', 'polling'], autoConnect: false });
    // The server ended this session (log-out elsewhere, revoked, expired): find out who we are now.
    socket.on('session:ended', () => void sessionEnded());
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthenticated') void sessionEnded();
    });
  }
  return socket;
}

async function sessionEnded(): Promise<void> {
  const wasLoggedIn = session.me !== null;
  await session.load();
  if (wasLoggedIn && !session.me) navigate(`/connexion?next=${encodeURIComponent(location.pathname)}`);
}

/** Keeps the connection open exactly while a member is logged in. */
export function startSocketSync(): void {
  const sync = () => {
    if (session.me) {
      const s = getSocket();
      if (!s.connected && !s.active) s.connect();
    } else {
      socket?.disconnect();
    }
  };
  session.addEventListener('change', sync);
  session.addEventListener('logging-out', () => socket?.disconnect());
  sync();
}
