/**
 * What the server hands a browser that may join a call: where LiveKit is and a short-lived
 * token for one LiveKit room. Returned by every "join the call" endpoint (rooms, meetings,
 * events), so the browser's call widget is one for all of them.
 */
export interface CallJoin {
  /** LiveKit's signalling URL (ws:// or wss://). */
  url: string;
  /** JWT for exactly one LiveKit room, with the grants the server decided. */
  token: string;
  /** LiveKit identity of the joining member (their member id). */
  identity: string;
  /** Unguessable LiveKit room name. */
  roomName: string;
  /** When the token stops being accepted for a new connection (ISO 8601). */
  expiresAt: string;
}

/** Why video is not available, as the page explains it. */
export type VideoUnavailableReason = 'not_configured' | 'unreachable';
