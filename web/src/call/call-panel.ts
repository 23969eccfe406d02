import { LitElement, css, html } from 'lit';
import type { CallJoin } from '../../../shared/calls.schema.ts';
import { panelStyles, theme } from '../app/theme.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { CallController, type CallMode } from './call-controller.ts';
import './call-tile.ts';
import { ct, type CallKey } from './i18n.ts';

/**
 * The video call of a room, a meeting or an event. The owner passes `getJoin`, which asks
 * its own endpoint for a CallJoin (and throws VideoUnavailableError when video is off);
 * LiveKit's client is downloaded only when the member presses "join".
 */
export class CallPanel extends LitElement {
  static override properties = {
    getJoin: { attribute: false },
    unavailable: { type: String },
  };

  declare getJoin?: () => Promise<CallJoin>;
  /** Set by the owner when it already knows video is off ('not_configured' | 'unreachable'). */
  declare unavailable: string;

  readonly call = new CallController(this);
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.unavailable = '';
  }

  static override styles = [
    theme,
    panelStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr));
        gap: 0.75rem;
        margin: 0.75rem 0;
      }
      call-tile.self {
        width: min(100%, 14rem);
      }
      .modes .options {
        display: flex;
        flex-wrap: wrap;
        gap: 0 1.25rem;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .controls button[aria-pressed='false'] {
        background: var(--m-surface);
        color: var(--m-primary);
      }
      fieldset {
        min-width: 0;
        border: 1px solid #d6d9d4;
        border-radius: var(--m-radius);
        margin: 0.75rem 0 0;
        padding: 0.5rem 0.75rem 0.75rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .modes label {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        min-height: 2.25rem;
      }
      .modes input {
        width: 1.25rem;
        min-height: 1.25rem;
        margin: 0;
      }
      .devices {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
      .devices label {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
        font-weight: 600;
        min-width: min(100%, 14rem);
        flex: 1;
      }
      select {
        font: inherit;
        min-height: 2.75rem;
        border: 2px solid var(--m-border);
        border-radius: var(--m-radius);
        background: var(--m-surface);
        width: 100%;
        max-width: 100%;
      }
      .status {
        margin: 0.5rem 0;
      }
    `,
  ];

  private async join() {
    if (!this.getJoin) return;
    await this.call.join(this.getJoin);
  }

  private renderUnavailable(reason: string) {
    const key = (
      reason === 'not_configured' || reason === 'unreachable' ? `call.unavailable.${reason}` : 'call.unavailable.other'
    ) as CallKey;
    return html`<div class="alert" role="status" data-testid="video-unavailable">
      <p>${ct(key)}</p>
      <p class="hint">${ct('call.unavailable.rest')}</p>
    </div>`;
  }

  private renderModes() {
    const c = this.call;
    const modes: Array<[CallMode, CallKey]> = [
      ['normal', 'call.mode.normal'],
      ['low', 'call.mode.low'],
      ['audio', 'call.mode.audio'],
    ];
    return html`<fieldset class="modes">
      <legend>${ct('call.mode')}</legend>
      <div class="options">
      ${modes.map(
        ([m, key]) =>
          html`<label
            ><input
              type="radio"
              name="call-mode"
              value=${m}
              .checked=${c.mode === m}
              @change=${() => void c.setMode(m)}
            />${ct(key)}</label
          >`,
      )}
      </div>
      <p class="hint">${ct('call.mode.hint')}</p>
    </fieldset>`;
  }

  private renderDevices() {
    const c = this.call;
    const select = (kind: 'audioinput' | 'videoinput', label: CallKey) => {
      const list = c.devices[kind];
      if (list.length === 0) return null;
      const active = c.activeDevice(kind);
      return html`<label
        >${ct(label)}
        <select @change=${(e: Event) => void c.switchDevice(kind, (e.target as HTMLSelectElement).value)}>
          ${list.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === active}>${d.label || `${ct(label)} ${i + 1}`}</option>`)}
        </select></label
      >`;
    };
    return html`<fieldset>
      <legend>${ct('call.devices')}</legend>
      <div class="devices">${select('audioinput', 'call.device.mic')} ${select('videoinput', 'call.device.cam')}</div>
    </fieldset>`;
  }

  override render() {
    const c = this.call;
    const unavailable = c.unavailableReason || this.unavailable;
    const inCall = c.status === 'connected' || c.status === 'reconnecting';
    const message =
      c.status === 'left'
        ? ct('call.left')
        : c.status === 'removed'
          ? ct('call.removed')
          : c.status === 'disconnected'
            ? ct('call.disconnected')
            : c.status === 'error'
              ? ct('call.error', { message: c.error })
              : c.status === 'reconnecting'
                ? ct('call.reconnecting')
                : c.status === 'joining'
                  ? ct('call.joining')
                  : '';
    return html`
      <section aria-labelledby="call-title" data-status=${c.status} data-mode=${c.mode}>
        <h2 id="call-title">${ct('call.title')}</h2>
        ${unavailable && !inCall ? this.renderUnavailable(unavailable) : null}
        <p class="status" role="status" aria-live="polite">${message}</p>
        ${inCall
          ? html`
              <p class="hint">${ct('call.participants', { count: c.participants.length })}</p>
              ${c.canPlayAudio ? null : html`<button @click=${() => void c.startAudio()}>${ct('call.playAudio')}</button>`}
              <div class="controls">
                <button data-action="mic" aria-pressed=${String(c.micOn)} @click=${() => void c.toggleMic()}>
                  ${ct(c.micOn ? 'call.mic.on' : 'call.mic.off')}
                </button>
                <button
                  data-action="camera"
                  aria-pressed=${String(c.camOn)}
                  ?disabled=${c.mode === 'audio'}
                  @click=${() => void c.toggleCam()}
                >
                  ${ct(c.camOn ? 'call.cam.on' : 'call.cam.off')}
                </button>
                <button data-action="screen" aria-pressed=${String(c.screenOn)} @click=${() => void c.toggleScreen()}>
                  ${ct(c.screenOn ? 'call.screen.on' : 'call.screen.off')}
                </button>
                <button data-action="leave" class="danger" @click=${() => void c.leave('left')}>${ct('call.leave')}</button>
              </div>
              ${this.renderModes()}
              <div class="grid">
                ${c.participants
                  .filter((p) => p !== c.room?.localParticipant)
                  .map(
                    (p) =>
                      html`<call-tile
                        data-identity=${p.identity}
                        .participant=${p}
                        ?speaking=${c.speaking.has(p.identity)}
                        .version=${c.version}
                      ></call-tile>`,
                  )}
              </div>
              ${c.room
                ? html`<call-tile
                    class="self"
                    local
                    data-identity=${c.room.localParticipant.identity}
                    .participant=${c.room.localParticipant}
                    ?speaking=${c.speaking.has(c.room.localParticipant.identity)}
                    .version=${c.version}
                  ></call-tile>`
                : null}
              ${this.renderDevices()}
            `
          : unavailable === 'not_configured'
            ? null
            : html`<button data-action="join" ?disabled=${c.status === 'joining' || !this.getJoin} @click=${() => void this.join()}>
                ${ct(c.status === 'joining' ? 'call.joining' : 'call.join')}
              </button>`}
      </section>
    `;
  }
}

customElements.define('call-panel', CallPanel);

declare global {
  interface HTMLElementTagNameMap {
    'call-panel': CallPanel;
  }
}
