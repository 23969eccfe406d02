import { css, html, nothing } from 'lit';
import { presenceStatuses, type PresenceStatus } from '../../../shared/rooms.schema.ts';
import { panelStyles, theme } from '../app/theme.ts';
import { initials } from './initials.ts';
import { RoomPanel } from './room-panel.ts';
import { rt, type RoomKey } from './i18n.ts';

const statusKey = (s: PresenceStatus) => `room.status.${s}` as RoomKey;

/** Who is in the room with their status, and my own status selector. */
export class RoomPresence extends RoomPanel {
  static override styles = [
    theme,
    panelStyles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.6rem;
      }
      .avatar {
        flex: none;
        width: 2.5rem;
        height: 2.5rem;
        border-radius: 50%;
        display: grid;
        place-items: center;
        background: var(--m-soft);
        color: var(--m-primary);
        font-weight: 700;
        border: 3px solid var(--m-border);
      }
      .avatar.focus {
        border-color: #9a3f12;
      }
      .avatar.available {
        border-color: #1d5e2b;
      }
      .avatar.away {
        border-style: dashed;
        opacity: 0.75;
      }
      .who {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }
      .status {
        font-size: 0.9rem;
        color: var(--m-muted);
      }
      select {
        font: inherit;
        min-height: 2.75rem;
        width: 100%;
        border: 2px solid var(--m-border);
        border-radius: var(--m-radius);
        background: var(--m-surface);
      }
    `,
  ];

  override render() {
    const c = this.controller;
    if (!c) return nothing;
    return html`<section aria-labelledby="presence-title">
      <h2 id="presence-title">${rt('room.presence')} (${c.presence.length})</h2>
      <ul>
        ${c.presence.map(
          (p) => html`<li data-user-id=${p.userId} data-status=${p.status}>
            <span class="avatar ${p.status}" aria-hidden="true">${initials(p.displayName)}</span>
            <span class="who">
              <span>${p.displayName} ${p.userId === this.myId ? rt('room.you') : nothing}</span>
              <span class="status">${rt(statusKey(p.status))}</span>
            </span>
          </li>`,
        )}
      </ul>
      <div class="field">
        <label for="my-status">${rt('room.status')}</label>
        <select
          id="my-status"
          @change=${(e: Event) => void c.setStatus((e.target as HTMLSelectElement).value as PresenceStatus)}
        >
          ${presenceStatuses.map((s) => html`<option value=${s} ?selected=${c.myStatus === s}>${rt(statusKey(s))}</option>`)}
        </select>
      </div>
    </section>`;
  }
}

customElements.define('room-presence', RoomPresence);

declare global {
  interface HTMLElementTagNameMap {
    'room-presence': RoomPresence;
  }
}
