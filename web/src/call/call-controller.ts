import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Participant, RemoteTrackPublication, Room, RoomEvent as RoomEventEnum } from 'livekit-client';
import type { CallJoin } from '../../../shared/calls.schema.ts';

type LiveKit = typeof import('livekit-client');

export type CallStatus = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'left' | 'removed' | 'disconnected' | 'error';
/** normal: full video; low: small video both ways; audio: no video sent or received. */
export type CallMode = 'normal' | 'low' | 'audio';

/** Thrown by a join function when the server says video is off; the widget explains why. */
export class VideoUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`video_unavailable: ${reason}`);
  }
}

/**
 * Owns one LiveKit room for its host element. livekit-client is loaded only on join so the
 * first page stays light; every listener is removed and every track stopped on leave, and
 * the host's removal from the page leaves the call.
 */
export class CallController implements ReactiveController {
  status: CallStatus = 'idle';
  mode: CallMode = 'normal';
  error = '';
  unavailableReason = '';
  room?: Room;
  /** Identities of who speaks now. */
  speaking = new Set<string>();
  micOn = true;
  camOn = true;
  screenOn = false;
  canPlayAudio = true;
  devices: { audioinput: MediaDeviceInfo[]; videoinput: MediaDeviceInfo[] } = { audioinput: [], videoinput: [] };
  /** Bumped on every change that re-renders participants. */
  version = 0;

  private lk?: LiveKit;
  private listeners: Array<[RoomEventEnum, (...args: any[]) => void]> = [];
  private busy = false;
  private requested = new WeakMap<RemoteTrackPublication, boolean>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    void this.leave('left');
  }

  private changed(): void {
    this.version++;
    this.host.requestUpdate();
  }

  get participants(): Participant[] {
    if (!this.room) return [];
    // Others first: they are what one came to see, and adaptive stream pauses video scrolled out of view.
    return [...this.room.remoteParticipants.values(), this.room.localParticipant];
  }

  async join(getJoin: () => Promise<CallJoin>): Promise<void> {
    if (this.busy || this.room) return;
    this.busy = true;
    this.status = 'joining';
    this.error = '';
    this.unavailableReason = '';
    this.changed();
    try {
      const [join, lk] = await Promise.all([getJoin(), this.lk ?? import('livekit-client')]);
      this.lk = lk;
      const room = new lk.Room({
        adaptiveStream: true,
        dynacast: true,
        publishDefaults: {
          simulcast: true,
          // Two layers over a 360p capture: enough for a coworking grid, light on rural links and on CPUs.
          videoSimulcastLayers: [lk.VideoPresets.h180],
          dtx: true,
          red: true,
        },
        videoCaptureDefaults: { resolution: lk.VideoPresets.h360.resolution },
        disconnectOnPageLeave: true,
      });
      this.room = room;
      this.subscribe(room, lk);
      // Subscriptions are decided here (audio-only receives no video), not by LiveKit.
      await room.connect(join.url, join.token, { autoSubscribe: false });
      this.status = 'connected';
      // Others' tracks first: seeing and hearing them should not wait for our own camera.
      this.syncSubscriptions();
      this.changed();
      await this.publishForMode();
      await this.loadDevices();
    } catch (e) {
      if (e instanceof VideoUnavailableError) {
        this.unavailableReason = e.reason;
        this.status = 'idle';
      } else {
        this.status = 'error';
        this.error = e instanceof Error ? e.message : String(e);
      }
      await this.teardown();
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private subscribe(room: Room, lk: LiveKit): void {
    const E = lk.RoomEvent;
    const on = (event: RoomEventEnum, fn: (...args: any[]) => void) => {
      room.on(event, fn);
      this.listeners.push([event, fn]);
    };
    const refresh = () => this.changed();
    const resync = () => {
      this.syncSubscriptions();
      this.changed();
    };
    on(E.ParticipantConnected, resync);
    on(E.ParticipantDisconnected, refresh);
    on(E.TrackPublished, resync);
    on(E.TrackUnpublished, refresh);
    on(E.TrackSubscribed, refresh);
    on(E.TrackUnsubscribed, refresh);
    on(E.TrackMuted, refresh);
    on(E.TrackUnmuted, refresh);
    on(E.LocalTrackPublished, refresh);
    on(E.LocalTrackUnpublished, refresh);
    on(E.ParticipantNameChanged, refresh);
    on(E.ActiveSpeakersChanged, (speakers: Participant[]) => {
      this.speaking = new Set(speakers.map((p) => p.identity));
      this.changed();
    });
    on(E.AudioPlaybackStatusChanged, () => {
      this.canPlayAudio = room.canPlaybackAudio;
      this.changed();
    });
    on(E.MediaDevicesChanged, () => void this.loadDevices());
    on(E.Reconnecting, () => {
      this.status = 'reconnecting';
      this.changed();
    });
    on(E.Reconnected, () => {
      this.status = 'connected';
      this.changed();
    });
    on(E.Disconnected, (reason?: number) => {
      // Our own leave() has already set the status; anything else came from outside.
      if (this.status !== 'connected' && this.status !== 'reconnecting') return;
      const removed = reason === lk.DisconnectReason.PARTICIPANT_REMOVED || reason === lk.DisconnectReason.ROOM_DELETED;
      void this.leave(removed ? 'removed' : 'disconnected');
    });
  }

  /** Wanted subscriptions for the mode: audio always; video unless audio-only, capped when low. */
  private syncSubscriptions(): void {
    const room = this.room;
    const lk = this.lk;
    if (!room || !lk) return;
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) this.syncPublication(pub, lk);
    }
  }

  private syncPublication(pub: RemoteTrackPublication, lk: LiveKit): void {
    const wanted = pub.kind !== lk.Track.Kind.Video || this.mode !== 'audio';
    // `isDesired` reads true before any request (autoSubscribe is off), so track what was asked.
    if (this.requested.get(pub) !== wanted || pub.isSubscribed !== wanted) {
      this.requested.set(pub, wanted);
      pub.setSubscribed(wanted);
    }
    if (wanted && pub.kind === lk.Track.Kind.Video) {
      pub.setVideoQuality(this.mode === 'low' ? lk.VideoQuality.LOW : lk.VideoQuality.HIGH);
    }
  }

  /** Publishes microphone and camera as the mode asks, replacing what no longer fits. */
  private async publishForMode(): Promise<void> {
    const room = this.room;
    const lk = this.lk;
    if (!room || !lk) return;
    await Promise.all([this.publishMic(lk), this.publishCamera(lk)]);
  }

  /** Audio: the speech preset without redundancy when saving bandwidth. */
  private async publishMic(lk: LiveKit): Promise<void> {
    const local = this.room!.localParticipant;
    const S = lk.Track.Source;
    const mic = local.getTrackPublication(S.Microphone);
    const lean = this.mode !== 'normal';
    const micFits = mic && (mic as unknown as { leanAudio?: boolean }).leanAudio === lean;
    if (mic?.track && !micFits) await local.unpublishTrack(mic.track, true);
    if (!micFits) {
      const pub = await local.setMicrophoneEnabled(
        this.micOn,
        undefined,
        lean ? { audioPreset: lk.AudioPresets.speech, red: false, dtx: true } : { audioPreset: lk.AudioPresets.music, red: true, dtx: true },
      );
      if (pub) (pub as unknown as { leanAudio?: boolean }).leanAudio = lean;
    } else {
      await local.setMicrophoneEnabled(this.micOn);
    }
  }

  /** Video: none in audio-only; one small layer when low; simulcast otherwise. */
  private async publishCamera(lk: LiveKit): Promise<void> {
    const local = this.room!.localParticipant;
    const S = lk.Track.Source;
    const cam = local.getTrackPublication(S.Camera);
    if (cam?.track) await local.unpublishTrack(cam.track, true);
    if (this.mode === 'audio' || !this.camOn) return;
    if (this.mode === 'low') {
      await local.setCameraEnabled(
        true,
        { resolution: lk.VideoPresets.h180.resolution },
        { simulcast: false, videoEncoding: lk.VideoPresets.h180.encoding },
      );
    } else {
      await local.setCameraEnabled(true, { resolution: lk.VideoPresets.h360.resolution });
    }
  }

  async setMode(mode: CallMode): Promise<void> {
    if (this.mode === mode) return;
    this.mode = mode;
    this.changed();
    if (!this.room) return;
    this.syncSubscriptions();
    await this.publishForMode();
    this.changed();
  }

  async toggleMic(): Promise<void> {
    this.micOn = !this.micOn;
    await this.room?.localParticipant.setMicrophoneEnabled(this.micOn);
    this.changed();
  }

  async toggleCam(): Promise<void> {
    this.camOn = !this.camOn;
    if (this.room) await this.publishForMode();
    this.changed();
  }

  async toggleScreen(): Promise<void> {
    if (!this.room) return;
    try {
      await this.room.localParticipant.setScreenShareEnabled(!this.screenOn, { audio: false });
      this.screenOn = !this.screenOn;
      this.error = '';
    } catch (e) {
      this.screenOn = false;
      this.error = e instanceof Error ? e.message : String(e);
    }
    this.changed();
  }

  async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    await this.room?.switchActiveDevice(kind, deviceId);
    this.changed();
  }

  activeDevice(kind: 'audioinput' | 'videoinput'): string | undefined {
    return this.room?.getActiveDevice(kind);
  }

  private async loadDevices(): Promise<void> {
    if (!this.lk) return;
    try {
      const [audioinput, videoinput] = await Promise.all([
        this.lk.Room.getLocalDevices('audioinput', false),
        this.lk.Room.getLocalDevices('videoinput', false),
      ]);
      this.devices = { audioinput, videoinput };
    } catch {
      this.devices = { audioinput: [], videoinput: [] };
    }
    this.changed();
  }

  async startAudio(): Promise<void> {
    await this.room?.startAudio();
    this.canPlayAudio = this.room?.canPlaybackAudio ?? true;
    this.changed();
  }

  /** Leaves the call: stops local tracks, drops listeners, disconnects. */
  async leave(status: CallStatus = 'left'): Promise<void> {
    if (!this.room) return;
    this.status = status;
    await this.teardown();
    this.changed();
  }

  private async teardown(): Promise<void> {
    const room = this.room;
    this.room = undefined;
    this.speaking = new Set();
    this.screenOn = false;
    if (!room) return;
    for (const [event, fn] of this.listeners) room.off(event, fn);
    this.listeners = [];
    for (const pub of room.localParticipant.trackPublications.values()) pub.track?.stop();
    await room.disconnect(true);
  }
}
