import { randomBytes } from 'node:crypto';
import { AccessToken, ParticipantInfo_State, RoomServiceClient, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import type { CallJoin, VideoUnavailableReason } from '../../../shared/calls.schema.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** How long a reachability answer is trusted, and how long the check may take. */
const REACHABILITY_CACHE_MS = 5_000;
const REACHABILITY_TIMEOUT_S = 2;

/** One participant of a call as LiveKit reports it. */
export interface CallParticipantNow {
  identity: string;
  sid: string;
  name: string;
}

export interface VideoAvailability {
  available: boolean;
  reason?: VideoUnavailableReason;
}

/** A random, unguessable LiveKit room name: 'cw_' + 128 random bits. */
export function newLiveKitRoomName(prefix = 'cw_'): string {
  return prefix + randomBytes(16).toString('hex');
}

export function videoUnavailable(reason: VideoUnavailableReason): AppError {
  const message =
    reason === 'not_configured' ? 'Video is not set up on this network.' : 'The video server cannot be reached right now.';
  return new AppError('video_unavailable', message, { reason });
}

/** The grant of a member joining a room's call: every field stated, nothing left to defaults. */
export function memberGrant(roomName: string): VideoGrant {
  return {
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO],
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    hidden: false,
    recorder: false,
    ingressAdmin: false,
  };
}

/** LiveKit as the server uses it: tokens, reachability, and the room service for removals. */
export class LiveKit {
  private readonly rooms: RoomServiceClient | undefined;
  private checked: { at: number; result: Promise<VideoAvailability> } | undefined;

  constructor(
    private readonly config: Config['livekit'],
    private readonly log: Logger,
  ) {
    if (config) {
      // The room service speaks HTTP on the signalling port.
      const httpUrl = config.url.replace(/^ws/, 'http');
      this.rooms = new RoomServiceClient(httpUrl, config.apiKey, config.apiSecret, { requestTimeout: REACHABILITY_TIMEOUT_S });
    }
  }

  get configured(): boolean {
    return this.config !== undefined;
  }

  /** Whether calls can be offered now; a reachability answer is cached a few seconds. */
  availability(): Promise<VideoAvailability> {
    if (!this.rooms) return Promise.resolve({ available: false, reason: 'not_configured' });
    const now = Date.now();
    if (!this.checked || now - this.checked.at > REACHABILITY_CACHE_MS) {
      const rooms = this.rooms;
      const result = rooms.listRooms().then(
        (): VideoAvailability => ({ available: true }),
        (err: unknown): VideoAvailability => {
          this.log.warn({ err: String(err) }, 'LiveKit unreachable');
          return { available: false, reason: 'unreachable' };
        },
      );
      this.checked = { at: now, result };
    }
    return this.checked.result;
  }

  /** Throws 503 video_unavailable unless calls can be offered now. */
  async requireAvailable(): Promise<void> {
    const a = await this.availability();
    if (!a.available) throw videoUnavailable(a.reason ?? 'unreachable');
  }

  /** A short-lived token for one member in one LiveKit room. Identity is the member id, decided here. */
  async memberToken(member: { id: string; displayName: string }, roomName: string, ttlSeconds: number): Promise<CallJoin> {
    if (!this.config) throw videoUnavailable('not_configured');
    const token = new AccessToken(this.config.apiKey, this.config.apiSecret, {
      identity: member.id,
      name: member.displayName,
      ttl: ttlSeconds,
    });
    token.addGrant(memberGrant(roomName));
    const issuedAt = Date.now();
    const jwt = await token.toJwt();
    return {
      url: this.config.url,
      token: jwt,
      identity: member.id,
      roomName,
      // The JWT's exp is whole seconds after issue; never announce later than it.
      expiresAt: new Date(Math.floor(issuedAt / 1000) * 1000 + ttlSeconds * 1000).toISOString(),
    };
  }

  /** Ends a member's presence in a call at once (a token's expiry would not). Absent = done. */
  async removeParticipant(roomName: string, identity: string): Promise<void> {
    if (!this.rooms) return;
    try {
      await this.rooms.removeParticipant(roomName, identity);
    } catch (err) {
      if (isNotFound(err)) return;
      this.log.warn({ err: String(err), roomName, identity }, 'LiveKit removeParticipant failed');
    }
  }

  /**
   * Who is in each call right now, as LiveKit itself knows it, by LiveKit room name; rooms
   * absent from the map have nobody. Undefined when LiveKit cannot be asked.
   */
  async callsNow(): Promise<Map<string, CallParticipantNow[]> | undefined> {
    if (!this.rooms) return undefined;
    try {
      const out = new Map<string, CallParticipantNow[]>();
      for (const room of await this.rooms.listRooms()) {
        if (!room.numParticipants) continue;
        const list = (await this.rooms.listParticipants(room.name)).filter((p) => p.state !== ParticipantInfo_State.DISCONNECTED);
        out.set(room.name, list.map((p) => ({ identity: p.identity, sid: p.sid, name: p.name })));
      }
      return out;
    } catch (err) {
      this.log.warn({ err: String(err) }, 'LiveKit could not list its calls');
      return undefined;
    }
  }

  /** Closes a call for everyone. Absent = done. */
  async deleteRoom(roomName: string): Promise<void> {
    if (!this.rooms) return;
    try {
      await this.rooms.deleteRoom(roomName);
    } catch (err) {
      if (isNotFound(err)) return;
      this.log.warn({ err: String(err), roomName }, 'LiveKit deleteRoom failed');
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string } | null;
  return e?.status === 404 || e?.code === 'not_found';
}
