import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { CallJoin } from '../../../shared/calls.schema.ts';
import type { MemberRef } from '../../../shared/rooms.schema.ts';
import { RoomLimits } from '../../../shared/rooms.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { SessionController } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { VideoUnavailableError } from '../call/call-controller.ts';
import type { CallPanel } from '../call/call-panel.ts';
import '../call/call-panel.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import type { MemberPicked, MemberPicker } from '../profiles/member-picker.ts';
import '../profiles/member-picker.ts';
import { IdleController } from './idle-controller.ts';
import { rt } from './i18n.ts';
import './room-chat.ts';
import { RoomController } from './room-controller.ts';
import './room-presence.ts';
import './room-sprint.ts';
import { roomsApi } from './rooms.api.ts';

/** `/salles/:id`: one coworking room, with presence, chat, the shared sprint and the call. */
export class RoomPage extends LitElement {
  static override properties = {
    roomId: { type: String, attribute: 'room-id' },
    invitees: { state: true },
    manageMessage: { state: true },
  };

  declare roomId: string;
  declare invitees: MemberRef[] | null;
  declare manageMessage: string;

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this);
  private controller?: RoomController;
  private version = 0;

  constructor() {
    super();
    this.roomId = '';
    this.invitees = null;
    this.manageMessage = '';
    new IdleController(this, (idle) => this.onIdle(idle));
  }

  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        gap: 1.5rem;
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 60rem) {
        .layout {
          grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
        }
      }
      .main > * + *,
      .side > * + * {
        margin-top: 1.5rem;
      }
      .card h2 {
        margin-top: 0;
      }
      .banner {
        margin-bottom: 1rem;
      }
      .card h2 {
        margin-top: 0;
      }
      .card form + h3,
      .card h3 {
        margin-top: 1.25rem;
      }
      ul.invitees {
        list-style: none;
        padding: 0;
      }
      ul.invitees li {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        flex-wrap: wrap;
        margin-bottom: 0.5rem;
      }
    `,
  ];

  private statusBeforeIdle: 'focus' | 'available' | 'away' = 'available';

  private onIdle(idle: boolean) {
    const c = this.controller;
    if (!c) return;
    if (idle) {
      this.statusBeforeIdle = c.myStatus;
      if (c.myStatus !== 'away') void c.setStatus('away');
    } else if (c.myStatus === 'away' && this.statusBeforeIdle !== 'away') {
      void c.setStatus(this.statusBeforeIdle);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('roomId') && this.roomId && this.controller?.roomId !== this.roomId) {
      if (this.controller) {
        this.controller.hostDisconnected();
        this.removeController(this.controller);
      }
      this.invitees = null;
      this.controller = new RoomController(this, this.roomId, () => this.session.me?.id);
    }
    this.version++;
    const room = this.controller?.room;
    setPageTitle(room?.name ?? rt('rooms.title'));
  }

  protected override updated(): void {
    const c = this.controller;
    if (c?.removed) {
      const panel = this.renderRoot.querySelector<CallPanel>('call-panel');
      if (panel && panel.call.room) void panel.call.leave('removed');
    }
    if (c?.access?.canInvite && this.invitees === null) void this.loadInvitees();
  }

  private readonly getJoin = async (): Promise<CallJoin> => {
    const r = await roomsApi.call(this.roomId);
    if (r.ok) return r.data;
    if (r.error.code === 'video_unavailable') throw new VideoUnavailableError(String(r.error.details?.reason ?? ''));
    throw new Error(errorMessage(r.error));
  };

  private async loadInvitees() {
    this.invitees = [];
    const r = await roomsApi.get(this.roomId);
    if (r.ok) this.invitees = r.data.invitees ?? [];
  }

  private async rename(form: HTMLFormElement) {
    const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
    if (!name) return;
    const r = await roomsApi.rename(this.roomId, name);
    this.manageMessage = r.ok ? rt('room.saved') : errorMessage(r.error);
    if (r.ok && this.controller) this.controller.room = r.data;
  }

  private async archive() {
    if (!confirm(rt('room.archive.confirm'))) return;
    const r = await roomsApi.archive(this.roomId);
    this.manageMessage = r.ok ? rt('room.saved') : errorMessage(r.error);
  }

  private async invite(e: CustomEvent<MemberPicked>) {
    // Read before awaiting: once dispatched, an event from inside a shadow root has no target.
    const picker = e.target as MemberPicker;
    const r = await roomsApi.invite(this.roomId, e.detail.userId);
    this.manageMessage = r.ok ? rt('room.invited', { name: e.detail.displayName }) : errorMessage(r.error);
    if (r.ok) {
      picker.clear();
      this.invitees = null;
    }
  }

  private async uninvite(userId: string) {
    const r = await roomsApi.uninvite(this.roomId, userId);
    this.manageMessage = r.ok ? rt('room.saved') : errorMessage(r.error);
    if (r.ok) this.invitees = (this.invitees ?? []).filter((m) => m.id !== userId);
  }

  private renderManage() {
    const c = this.controller!;
    const access = c.access;
    if (!access?.canManage && !access?.canInvite) return nothing;
    return html`<section class="card" aria-labelledby="manage-title">
      <h2 id="manage-title">${rt('room.manage')}</h2>
      <p role="status" class="hint">${this.manageMessage}</p>
      ${access.canManage
        ? html`<form @submit=${(e: Event) => (e.preventDefault(), void this.rename(e.target as HTMLFormElement))}>
              <div class="field">
                <label for="room-name">${rt('rooms.create.name')}</label>
                <input id="room-name" name="name" required maxlength=${RoomLimits.nameMax} .value=${c.room?.name ?? ''} />
              </div>
              <button type="submit" class="secondary">${rt('room.rename')}</button>
            </form>
            <p><button class="danger" @click=${() => void this.archive()}>${rt('room.archive')}</button></p>`
        : nothing}
      ${access.canInvite
        ? html`<member-picker
              .label=${rt('room.invite')}
              .action=${rt('room.invite.submit')}
              @member-picked=${(e: CustomEvent<MemberPicked>) => void this.invite(e)}
            ></member-picker>
            ${this.invitees?.length
              ? html`<h3>${rt('room.invitees')}</h3>
                  <ul class="invitees">
                    ${this.invitees.map(
                      (m) => html`<li>
                        <span>${m.displayName}</span>
                        <button class="danger" @click=${() => void this.uninvite(m.id)}>
                          ${rt('room.uninvite', { name: m.displayName })}
                        </button>
                      </li>`,
                    )}
                  </ul>`
              : nothing}`
        : nothing}
    </section>`;
  }

  override render() {
    const c = this.controller;
    if (!c) return nothing;
    const myId = this.session.me?.id ?? '';
    const back = html`<p><a href="/salles">← ${rt('rooms.back')}</a></p>`;
    if (c.removed) {
      return html`${back}
        <div class="alert" role="alert" data-testid="room-removed">${rt(c.removed === "archived" ? "room.removed.archived" : "room.removed.uninvited")}</div>`;
    }
    if (!c.room) {
      return html`${back}
        ${c.error ? html`<div class="alert" role="alert">${errorMessage(c.error)}</div>` : html`<p role="status">${rt('room.loading')}</p>`}`;
    }
    const video = c.video.available ? '' : (c.video.reason ?? 'unreachable');
    return html`
      ${back}
      <h1>${c.room.name}</h1>
      ${c.online ? nothing : html`<div class="alert banner" role="status">${rt('room.offline')}</div>`}
      ${c.room.archivedAt ? html`<div class="alert banner" role="status">${rt('room.archived')}</div>` : nothing}
      ${c.error && c.joined ? html`<div class="alert banner" role="alert">${errorMessage(c.error)}</div>` : nothing}
      <div class="layout">
        <div class="main">
          <call-panel class="card" .getJoin=${this.getJoin} unavailable=${video}></call-panel>
          <room-chat class="card" .controller=${c} myId=${myId} .version=${this.version}></room-chat>
        </div>
        <div class="side">
          <room-sprint class="card" .controller=${c} .version=${this.version}></room-sprint>
          <room-presence class="card" .controller=${c} myId=${myId} .version=${this.version}></room-presence>
          ${this.renderManage()}
        </div>
      </div>
    `;
  }
}

customElements.define('room-page', RoomPage);

declare global {
  interface HTMLElementTagNameMap {
    'room-page': RoomPage;
  }
}
