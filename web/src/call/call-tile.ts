import { LitElement, css, html, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Participant, Track } from 'livekit-client';
import { theme } from '../app/theme.ts';
import { ct } from './i18n.ts';

/**
 * One participant of a call: their camera or shared screen, their sound (remote only),
 * their name, and a ring while they speak. Tracks are attached to this tile's own media
 * elements, so LiveKit's adaptive stream sees the size they are shown at.
 */
export class CallTile extends LitElement {
  static override properties = {
    participant: { attribute: false },
    local: { type: Boolean },
    speaking: { type: Boolean, reflect: true },
    version: { type: Number },
  };

  declare participant?: Participant;
  declare local: boolean;
  declare speaking: boolean;
  /** Bumped by the panel when tracks change. */
  declare version: number;

  private attachedVideo?: Track;
  private attachedAudio?: Track;
  private videoEl?: HTMLVideoElement;

  constructor() {
    super();
    this.local = false;
    this.speaking = false;
    this.version = 0;
  }

  static override styles = [
    theme,
    css`
      :host {
        display: block;
        position: relative;
        border-radius: var(--m-radius);
        background: #20262a;
        color: #fff;
        overflow: hidden;
        aspect-ratio: 16 / 9;
        outline: 4px solid transparent;
      }
      :host([speaking]) {
        outline-color: #f0b429;
      }
      video {
        width: 100%;
        height: 100%;
        object-fit: contain;
        display: block;
      }
      .placeholder {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        font-size: 2.5rem;
        font-weight: 700;
      }
      .name {
        position: absolute;
        left: 0.5rem;
        bottom: 0.5rem;
        max-width: calc(100% - 1rem);
        background: rgba(0, 0, 0, 0.72);
        padding: 0.15rem 0.5rem;
        border-radius: 0.3rem;
        font-size: 0.95rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  private videoTrack(): Track | undefined {
    const p = this.participant;
    if (!p) return undefined;
    const pubs = [...p.trackPublications.values()].filter((t) => t.kind === 'video' && t.track && !t.isMuted);
    // A shared screen matters more than a face.
    return (pubs.find((t) => t.source === 'screen_share') ?? pubs.find((t) => t.source === 'camera'))?.track;
  }

  private audioTrack(): Track | undefined {
    if (this.local || !this.participant) return undefined;
    return [...this.participant.trackPublications.values()].find((t) => t.kind === 'audio' && t.track)?.track;
  }

  protected override updated(_changed: PropertyValues): void {
    // Each video track gets a <video> of its own (keyed in render): adaptive stream watches the
    // element's visibility, and an element handed from an old track to a new one stays "unseen".
    const video = this.renderRoot.querySelector('video');
    const v = this.videoTrack();
    if (v !== this.attachedVideo || (video && video !== this.videoEl)) {
      if (this.attachedVideo && this.videoEl) this.attachedVideo.detach(this.videoEl);
      this.videoEl = undefined;
      if (v && video) {
        v.attach(video);
        this.videoEl = video;
      }
      this.attachedVideo = v;
    }
    const audio = this.renderRoot.querySelector('audio');
    const a = this.audioTrack();
    if (a !== this.attachedAudio) {
      if (this.attachedAudio && audio) this.attachedAudio.detach(audio);
      if (a && audio) a.attach(audio);
      this.attachedAudio = a;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const audio = this.renderRoot.querySelector('audio');
    if (this.attachedVideo && this.videoEl) this.attachedVideo.detach(this.videoEl);
    if (this.attachedAudio && audio) this.attachedAudio.detach(audio);
    this.attachedVideo = this.attachedAudio = this.videoEl = undefined;
  }

  override render() {
    const p = this.participant;
    const name = p?.name || p?.identity || '';
    const label = this.local ? ct('call.you', { name }) : name;
    const micMuted = p ? !p.isMicrophoneEnabled : false;
    const track = this.videoTrack();
    const initials = name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('');
    const state = [this.speaking ? ct('call.speaking') : '', micMuted ? ct('call.muted') : ''].filter(Boolean).join(', ');
    return html`
      ${track
        ? keyed(track.mediaStreamTrack.id, html`<video autoplay playsinline muted aria-label=${label}></video>`)
        : html`<div class="placeholder" aria-hidden="true">${initials}</div>`}
      ${this.local ? null : html`<audio autoplay></audio>`}
      <div class="name">${label}${state ? html` — ${state}` : null}</div>
    `;
  }
}

customElements.define('call-tile', CallTile);

declare global {
  interface HTMLElementTagNameMap {
    'call-tile': CallTile;
  }
}
