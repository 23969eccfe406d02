import { LitElement, css, html, nothing } from 'lit';
import type { OutboxMailView } from '../../../shared/accounts.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, formatDateTime } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/** `/admin/courriels`: every mail the app queued, with its status and text (admins). */
export class OutboxPage extends LitElement {
  static override properties = { to: { state: true }, mails: { state: true }, error: { state: true } };
  static override styles = [
    theme,
    css`
      :host { display: block; }
      article { border: 1px solid var(--m-border); border-radius: var(--m-radius); padding: 0.75rem 1rem; margin: 0 0 1rem; background: var(--m-surface); }
      pre { white-space: pre-wrap; word-break: break-word; font: inherit; margin: 0.5rem 0 0; }
      .meta { color: var(--m-muted); font-size: 0.9rem; }
    `,
  ];

  declare to: string;
  declare mails: OutboxMailView[] | undefined;
  declare error: string | undefined;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.to = '';
    this.mails = undefined;
    this.error = undefined;
  }

  override firstUpdated(): void {
    void this.load();
  }

  override updated(): void {
    setPageTitle(at('outbox.title'));
  }

  private async load(e?: Event): Promise<void> {
    e?.preventDefault();
    const r = await accountsApi.outbox(this.to.trim() || undefined);
    if (r.ok) {
      this.mails = r.data.mails;
      this.error = undefined;
    } else this.error = errorMessage(r.error);
  }

  override render() {
    return html`
      <h1>${at('outbox.title')}</h1>
      <p>${at('outbox.intro')}</p>
      <form novalidate @submit=${this.load}>
        ${alertRegion(this.error)}
        ${field({ id: 'outbox-to', label: at('outbox.to'), type: 'email', value: this.to, required: false, onInput: (v) => (this.to = v) })}
        <div class="actions"><button type="submit">${at('outbox.refresh')}</button></div>
      </form>
      ${this.mails === undefined
        ? html`<p>${at('common.loading')}</p>`
        : this.mails.length === 0
          ? html`<p>${at('outbox.empty')}</p>`
          : this.mails.map(
              (m) => html`<article>
                <h2>${m.subject}</h2>
                <p class="meta">${m.to} · ${formatDateTime(m.createdAt)} · ${at(`outbox.status.${m.status}`)} · ${m.kind} · ${m.locale}
                  ${m.lastError ? html` · ${m.lastError}` : nothing}</p>
                <pre>${m.text}</pre>
              </article>`,
            )}
    `;
  }
}

customElements.define('outbox-page', OutboxPage);

declare global {
  interface HTMLElementTagNameMap {
    'outbox-page': OutboxPage;
  }
}
