import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  CallOccupancy,
  CallParticipant,
  ChatMessageView,
  PresenceEntry,
  PresenceStatus,
  PresenceUpdate,
  RoomAccess,
  RoomRemoved,
  RoomState,
  RoomView,
  SprintState,
  SprintView,
  VideoStatus,
} from '../../../shared/rooms.schema.ts';
import type { ApiErrorBody } from '../../../shared/errors.ts';
import { getSocket, type AppSocket } from '../api/socket.ts';
import { emitAck } from './socket-ack.ts';

type SocketError = ApiErrorBody['error'];

/**
 * The live state of one room on this page over the app's socket: presence, chat (merged by
 * id, so nothing shows twice), sprint with the server's clock, call occupancy. Re-enters the
 * room after every reconnect and catches up on missed messages with the `after` cursor.
 */
export class RoomController implements ReactiveController {
  room: RoomView | null = null;
  access: RoomAccess | null = null;
  presence: PresenceEntry[] = [];
  sprint: SprintView | null = null;
  /** serverNow − Date.now(), from the latest state the server sent. */
  clockOffset = 0;
  video: VideoStatus = { available: true };
  call: CallParticipant[] = [];
  /** Messages by id; `messages` gives them in seq order. */
  private byId = new Map<string, ChatMessageView>();
  hasEarlier = false;
  loadingEarlier = false;
  /** Highest seq seen: the catch-up cursor after a reconnect. */
  private lastSeq = 0;
  joined = false;
  online = true;
  error: SocketError | null = null;
  removed: RoomRemoved['reason'] | null = null;
  /** A message that just arrived from someone else, for the polite live region. */
  announcement: ChatMessageView | null = null;
  myStatus: PresenceStatus = 'available';

  private socket?: AppSocket;
  private joining?: Promise<void>;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly roomId: string,
    private readonly myId: () => string | undefined,
  ) {
    host.addController(this);
  }

  get messages(): ChatMessageView[] {
    return [...this.byId.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Now on the server's clock. */
  serverNow(): number {
    return Date.now() + this.clockOffset;
  }

  private readonly onConnect = () => {
    this.online = true;
    void this.join();
  };
  private readonly onDisconnect = () => {
    this.online = false;
    this.joined = false;
    this.host.requestUpdate();
  };
  private readonly onPresence = (u: PresenceUpdate) => {
    if (u.roomId !== this.roomId) return;
    this.presence = u.presence;
    this.host.requestUpdate();
  };
  private readonly onMessage = (m: ChatMessageView) => {
    if (m.roomId !== this.roomId) return;
    const isNew = !this.byId.has(m.id);
    this.merge([m]);
    if (isNew && m.author.id !== this.myId()) this.announcement = m;
    this.host.requestUpdate();
  };
  private readonly onChanged = (m: ChatMessageView) => {
    if (m.roomId !== this.roomId) return;
    this.merge([m]);
    this.host.requestUpdate();
  };
  private readonly onSprint = (s: SprintState) => {
    if (s.roomId !== this.roomId) return;
    this.applySprint(s.sprint, s.serverNow);
    this.host.requestUpdate();
  };
  private readonly onRoomUpdated = (r: RoomView) => {
    if (r.id !== this.roomId) return;
    this.room = r;
    this.host.requestUpdate();
  };
  private readonly onOccupancy = (o: CallOccupancy) => {
    if (o.roomId !== this.roomId) return;
    this.call = o.participants;
    this.host.requestUpdate();
  };
  private readonly onRemoved = (r: RoomRemoved) => {
    if (r.roomId !== this.roomId) return;
    this.removed = r.reason;
    this.joined = false;
    this.host.requestUpdate();
  };

  hostConnected(): void {
    const s = (this.socket = getSocket());
    s.on('connect', this.onConnect);
    s.on('disconnect', this.onDisconnect);
    s.on('presence:update', this.onPresence);
    s.on('chat:message', this.onMessage);
    s.on('chat:updated', this.onChanged);
    s.on('chat:deleted', this.onChanged);
    s.on('sprint:update', this.onSprint);
    s.on('room:updated', this.onRoomUpdated);
    s.on('call:occupancy', this.onOccupancy);
    s.on('room:removed', this.onRemoved);
    if (s.connected) void this.join();
    else if (!s.active) s.connect();
  }

  hostDisconnected(): void {
    const s = this.socket;
    if (!s) return;
    s.off('connect', this.onConnect);
    s.off('disconnect', this.onDisconnect);
    s.off('presence:update', this.onPresence);
    s.off('chat:message', this.onMessage);
    s.off('chat:updated', this.onChanged);
    s.off('chat:deleted', this.onChanged);
    s.off('sprint:update', this.onSprint);
    s.off('room:updated', this.onRoomUpdated);
    s.off('call:occupancy', this.onOccupancy);
    s.off('room:removed', this.onRemoved);
    if (s.connected && this.joined) s.emit('room:leave', { roomId: this.roomId }, () => {});
    this.joined = false;
  }

  private merge(list: ChatMessageView[]): void {
    for (const m of list) {
      this.byId.set(m.id, m);
      if (m.seq > this.lastSeq) this.lastSeq = m.seq;
    }
  }

  private applySprint(sprint: SprintView | null, serverNow: string): void {
    this.clockOffset = Date.parse(serverNow) - Date.now();
    this.sprint = sprint;
  }

  /** Enters the room (again after a reconnect), then fills any gap since the last message seen. */
  join(): Promise<void> {
    return (this.joining ??= this.doJoin().finally(() => (this.joining = undefined)));
  }

  private async doJoin(): Promise<void> {
    const s = this.socket;
    if (!s || this.removed) return;
    const hadSeen = this.lastSeq;
    const ack = await emitAck(s, 'room:join', { roomId: this.roomId });
    if (!ack.ok) {
      this.error = ack.error;
      this.host.requestUpdate();
      return;
    }
    const st: RoomState = ack.data;
    this.error = null;
    this.joined = true;
    this.room = st.room;
    this.access = st.access;
    this.presence = st.presence;
    this.video = st.video;
    this.call = st.call;
    this.applySprint(st.sprint, st.serverNow);
    const page = st.messages.messages;
    const firstJoin = this.byId.size === 0;
    this.merge(page);
    if (firstJoin) this.hasEarlier = st.messages.hasMore;
    const oldestNewest = page[0]?.seq;
    if (hadSeen > 0 && oldestNewest !== undefined && oldestNewest > hadSeen + 1) await this.catchUp(hadSeen);
    // Presence is per member: after a reconnect the server starts us `available` again.
    if (this.myStatus !== 'available') void this.setStatus(this.myStatus);
    this.host.requestUpdate();
  }

  private async catchUp(after: number): Promise<void> {
    const s = this.socket;
    if (!s) return;
    let cursor = after;
    for (let i = 0; i < 50; i++) {
      const ack = await emitAck(s, 'chat:history', { roomId: this.roomId, after: cursor, limit: 100 });
      if (!ack.ok) return;
      this.merge(ack.data.messages);
      const last = ack.data.messages.at(-1);
      if (!ack.data.hasMore || !last) return;
      cursor = last.seq;
    }
  }

  async loadEarlier(): Promise<void> {
    const s = this.socket;
    const oldest = this.messages[0];
    if (!s || !oldest || this.loadingEarlier) return;
    this.loadingEarlier = true;
    this.host.requestUpdate();
    const ack = await emitAck(s, 'chat:history', { roomId: this.roomId, before: oldest.seq });
    this.loadingEarlier = false;
    if (ack.ok) {
      this.merge(ack.data.messages);
      this.hasEarlier = ack.data.hasMore;
    } else this.error = ack.error;
    this.host.requestUpdate();
  }

  /** Sends a message, retrying with the same clientId so a retry never makes a second one. */
  async send(body: string): Promise<SocketError | null> {
    const s = this.socket;
    if (!s) return null;
    const clientId = crypto.randomUUID();
    let last: SocketError | null = null;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (!s.connected) await new Promise<void>((r) => s.once('connect', () => setTimeout(r, 200)));
      if (!this.joined) await this.join();
      const ack = await emitAck(s, 'chat:send', { roomId: this.roomId, clientId, body });
      if (ack.ok) {
        this.merge([ack.data]);
        this.host.requestUpdate();
        return null;
      }
      last = ack.error;
      // Only a lost acknowledgement is worth retrying; a refusal stays a refusal.
      if (!ack.error.details?.network) return last;
    }
    return last;
  }

  async edit(messageId: string, body: string): Promise<SocketError | null> {
    if (!this.socket) return null;
    const ack = await emitAck(this.socket, 'chat:edit', { roomId: this.roomId, messageId, body });
    if (!ack.ok) return ack.error;
    this.merge([ack.data]);
    this.host.requestUpdate();
    return null;
  }

  async remove(messageId: string): Promise<SocketError | null> {
    if (!this.socket) return null;
    const ack = await emitAck(this.socket, 'chat:delete', { roomId: this.roomId, messageId });
    if (!ack.ok) return ack.error;
    this.merge([ack.data]);
    this.host.requestUpdate();
    return null;
  }

  async setStatus(status: PresenceStatus): Promise<void> {
    this.myStatus = status;
    this.host.requestUpdate();
    if (!this.socket || !this.joined) return;
    const ack = await emitAck(this.socket, 'presence:set', { roomId: this.roomId, status });
    if (!ack.ok) this.error = ack.error;
    this.host.requestUpdate();
  }

  async startSprint(focusMinutes: 25 | 50): Promise<void> {
    if (!this.socket) return;
    const ack = await emitAck(this.socket, 'sprint:start', { roomId: this.roomId, focusMinutes });
    if (ack.ok) this.applySprint(ack.data.sprint, ack.data.serverNow);
    else this.error = ack.error;
    this.host.requestUpdate();
  }

  async stopSprint(): Promise<void> {
    if (!this.socket) return;
    const ack = await emitAck(this.socket, 'sprint:stop', { roomId: this.roomId });
    if (ack.ok) this.applySprint(ack.data.sprint, ack.data.serverNow);
    else this.error = ack.error;
    this.host.requestUpdate();
  }
}
