import { css, html, nothing } from 'lit';
import type { ChatMessageView } from '../../../shared/rooms.schema.ts';
import { RoomLimits } from '../../../shared/rooms.schema.ts';
import { panelStyles, theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { formatDateTime } from '../i18n/i18n.ts';
import { linkify } from './linkify.ts';
import { RoomPanel } from './room-panel.ts';
import { rt } from './i18n.ts';

/**
 * The room's chat: history by pages, Enter to send, edit and delete my messages, remove
 * others' as a moderator. Bodies are rendered as text only; http(s) links become anchors
 * built from text parts, never from HTML.
 */
export class RoomChat extends RoomPanel {
  static override properties = {
    editing: { state: true },
    sendError: { state: true },
    sending: { state: true },
  };

  declare editing: string | null;
  declare sendError: string;
  declare sending: boolean;

  private lastAnnounced?: string;
  private announce = '';
  private stickToBottom = true;

  constructor() {
    super();
    this.editing = null;
    this.sendError = '';
    this.sending = false;
  }

  static override styles = [
    theme,
    panelStyles,
    css`
      .log {
        list-style: none;
        margin: 0;
        padding: 0.5rem;
        max-height: 24rem;
        overflow-y: auto;
        border: 1px solid #d6d9d4;
        border-radius: var(--m-radius);
        background: var(--m-surface);
      }
      .log li {
        padding: 0.4rem 0.25rem;
        border-bottom: 1px solid #eceee9;
      }
      .log li:last-child {
        border-bottom: 0;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.5rem;
        align-items: baseline;
        font-size: 0.9rem;
        color: var(--m-muted);
      }
      .meta strong {
        color: var(--m-text);
        font-size: 1rem;
      }
      .body {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.1rem 0 0;
      }
      .deleted {
        font-style: italic;
        color: var(--m-muted);
      }
      .msg-actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        margin-top: 0.25rem;
      }
      .msg-actions button {
        min-height: 2.25rem;
        padding: 0.2rem 0.75rem;
        font-size: 0.9rem;
      }
      textarea {
        font: inherit;
        width: 100%;
        min-height: 3.5rem;
        padding: 0.5rem 0.75rem;
        border: 2px solid var(--m-border);
        border-radius: var(--m-radius);
        resize: vertical;
      }
      form {
        margin-top: 0.75rem;
      }
      .earlier {
        margin-bottom: 0.5rem;
      }
    `,
  ];

  protected override willUpdate(): void {
    const log = this.renderRoot.querySelector?.('.log');
    this.stickToBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  protected override updated(): void {
    const log = this.renderRoot.querySelector('.log');
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
  }

  private async send(form: HTMLFormElement) {
    const c = this.controller;
    const area = form.querySelector('textarea')!;
    const body = area.value.trim();
    if (!c || !body || this.sending) return;
    this.sending = true;
    this.sendError = '';
    const err = await c.send(body);
    this.sending = false;
    if (err) this.sendError = errorMessage(err);
    else area.value = '';
    area.focus();
  }

  private onKey(e: KeyboardEvent) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.send((e.target as HTMLTextAreaElement).form!);
    }
  }

  private async saveEdit(m: ChatMessageView, form: HTMLFormElement) {
    const body = form.querySelector('textarea')!.value.trim();
    if (!body || !this.controller) return;
    const err = await this.controller.edit(m.id, body);
    if (err) this.sendError = errorMessage(err);
    else this.editing = null;
  }

  private async removeMessage(m: ChatMessageView) {
    if (!this.controller || !confirm(rt('room.chat.confirmDelete'))) return;
    const err = await this.controller.remove(m.id);
    if (err) this.sendError = errorMessage(err);
  }

  private renderBody(body: string) {
    return linkify(body).map((p) =>
      p.href ? html`<a href=${p.href} rel="noopener noreferrer nofollow" target="_blank">${p.text}</a>` : p.text,
    );
  }

  private renderMessage(m: ChatMessageView) {
    const mine = m.author.id === this.myId;
    const canRemove = !m.deletedAt && (mine || this.controller?.access?.canModerate);
    if (this.editing === m.id) {
      return html`<li data-message-id=${m.id}>
        <form @submit=${(e: Event) => (e.preventDefault(), void this.saveEdit(m, e.target as HTMLFormElement))}>
          <label class="visually-hidden" for="edit-${m.id}">${rt('room.chat.edit')}</label>
          <textarea id="edit-${m.id}" maxlength=${RoomLimits.messageMax} .value=${m.body}></textarea>
          <div class="msg-actions">
            <button type="submit">${rt('room.chat.save')}</button>
            <button type="button" class="secondary" @click=${() => (this.editing = null)}>${rt('room.chat.cancel')}</button>
          </div>
        </form>
      </li>`;
    }
    return html`<li data-message-id=${m.id} data-seq=${m.seq}>
      <div class="meta">
        <strong>${m.author.displayName}</strong>
        <time datetime=${m.createdAt}>${formatDateTime(m.createdAt)}</time>
        ${m.editedAt && !m.deletedAt ? html`<span>${rt('room.chat.edited')}</span>` : nothing}
      </div>
      ${m.deletedAt
        ? html`<p class="body deleted">${rt('room.chat.deleted')}</p>`
        : html`<p class="body">${this.renderBody(m.body)}</p>`}
      ${canRemove
        ? html`<div class="msg-actions">
            ${mine
              ? html`<button class="secondary" @click=${() => (this.editing = m.id)}>
                  ${rt('room.chat.edit')}<span class="visually-hidden"> : ${m.body.slice(0, 40)}</span>
                </button>`
              : nothing}
            <button class="danger" @click=${() => void this.removeMessage(m)}>
              ${rt(mine ? 'room.chat.delete' : 'room.chat.remove')}<span class="visually-hidden"> : ${m.body.slice(0, 40)}</span>
            </button>
          </div>`
        : nothing}
    </li>`;
  }

  override render() {
    const c = this.controller;
    if (!c) return nothing;
    const messages = c.messages;
    // Announce only someone else's newest message, once, so the region stays quiet otherwise.
    const a = c.announcement;
    if (a && a.id !== this.lastAnnounced) {
      this.lastAnnounced = a.id;
      this.announce = rt('room.chat.new', { name: a.author.displayName, body: a.body.slice(0, 140) });
    }
    return html`
      <section aria-labelledby="chat-title">
        <h2 id="chat-title">${rt('room.chat')}</h2>
        ${c.hasEarlier
          ? html`<button class="secondary earlier" ?disabled=${c.loadingEarlier} @click=${() => void c.loadEarlier()}>
              ${rt('room.chat.earlier')}
            </button>`
          : nothing}
        ${messages.length === 0
          ? html`<p class="hint">${rt('room.chat.empty')}</p>`
          : html`<ul class="log" tabindex="0" aria-label=${rt('room.chat')}>
              ${messages.map((m) => this.renderMessage(m))}
            </ul>`}
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announce}</div>
        <form @submit=${(e: Event) => (e.preventDefault(), void this.send(e.target as HTMLFormElement))}>
          <label for="chat-input"><strong>${rt('room.chat.label')}</strong></label>
          <p class="hint" id="chat-hint">${rt('room.chat.hint')}</p>
          <textarea
            id="chat-input"
            name="body"
            maxlength=${RoomLimits.messageMax}
            aria-describedby="chat-hint chat-error"
            @keydown=${(e: KeyboardEvent) => this.onKey(e)}
          ></textarea>
          <p class="field-error" id="chat-error" role="alert">${this.sendError}</p>
          <button type="submit" ?disabled=${this.sending}>${rt(this.sending ? 'room.chat.sending' : 'room.chat.send')}</button>
        </form>
      </section>
    `;
  }
}

customElements.define('room-chat', RoomChat);

declare global {
  interface HTMLElementTagNameMap {
    'room-chat': RoomChat;
  }
}
