import { LitElement, css, html, nothing } from 'lit';
import type { InvitationView } from '../../../shared/accounts.schema.ts';
import { emailSchema } from '../../../shared/auth.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, focusFirstError } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, formatDateTime, getLocale, t } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/**
 * `/invitations`: admins and animators invite by e-mail, or get a link to print for someone
 * without an address at hand. (No QR code yet: it needs an encoder the project does not have.)
 */
export class InvitationsPage extends LitElement {
  static override properties = {
    email: { state: true },
    placeId: { state: true },
    places: { state: true },
    invitations: { state: true },
    created: { state: true },
    error: { state: true },
    formError: { state: true },
    sending: { state: true },
  };
  static override styles = [
    theme,
    css`
      :host { display: block; }
      form { max-width: 36rem; }
      .link { word-break: break-all; font-family: monospace; font-size: 1.1rem; padding: 0.75rem; background: var(--m-soft); border-radius: var(--m-radius); }
      ul.list { list-style: none; padding: 0; }
      ul.list li { padding: 0.5rem 0; border-bottom: 1px solid var(--m-soft); display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
      select { font: inherit; min-height: 2.75rem; padding: 0.25rem 0.5rem; width: 100%; }
      @media print { h1, form, h2, ul.list, .actions { display: none; } .link { font-size: 1.4rem; } }
    `,
  ];

  declare email: string;
  declare placeId: string;
  declare places: { id: string; name: string }[];
  declare invitations: InvitationView[];
  declare created: { link: string; email: string | null } | undefined;
  declare error: string | undefined;
  declare formError: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);

  constructor() {
    super();
    this.email = '';
    this.placeId = '';
    this.places = [];
    this.invitations = [];
    this.created = undefined;
    this.error = undefined;
    this.formError = undefined;
    this.sending = false;
  }

  override async firstUpdated(): Promise<void> {
    // Every place for admins; the places they animate for animators.
    const p = await accountsApi.places();
    if (p.ok) this.places = p.data.places;
    await this.load();
  }

  override updated(): void {
    setPageTitle(at('invitations.title'));
  }

  private async load(): Promise<void> {
    const r = await accountsApi.invitations();
    if (r.ok) this.invitations = r.data.invitations;
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.formError = undefined;
    let email: string | undefined;
    if (this.email.trim()) {
      const parsed = emailSchema.safeParse(this.email);
      if (!parsed.success) {
        this.error = t('form.emailInvalid');
        return focusFirstError(this);
      }
      email = parsed.data;
    }
    this.error = undefined;
    this.sending = true;
    const r = await accountsApi.createInvitation({ ...(email ? { email } : {}), ...(this.placeId ? { placeId: this.placeId } : {}), locale: getLocale() });
    this.sending = false;
    if (!r.ok) {
      this.formError = errorMessage(r.error);
      return focusFirstError(this);
    }
    this.created = { link: r.data.link, email: email ?? null };
    this.email = '';
    await this.load();
  }

  private async revoke(id: string): Promise<void> {
    const r = await accountsApi.revokeInvitation(id);
    if (!r.ok) this.formError = errorMessage(r.error);
    await this.load();
  }

  override render() {
    return html`
      <h1>${at('invitations.title')}</h1>
      ${this.created
        ? html`<div class="alert success" role="status">
            <p>${this.created.email ? at('invitations.sent', { email: this.created.email }) : at('invitations.created')}</p>
            <p class="link">${this.created.link}</p>
            ${this.created.email ? nothing : html`<button type="button" class="secondary" @click=${() => window.print()}>${at('invitations.print')}</button>`}
          </div>`
        : nothing}
      <form novalidate @submit=${this.submit}>
        ${alertRegion(this.formError, this.error ? [{ label: t('field.email'), message: this.error }] : [])}
        ${field({ id: 'invite-email', label: at('invitations.email'), type: 'email', autocomplete: 'off', value: this.email, required: false, error: this.error, onInput: (v) => (this.email = v) })}
        <div class="field">
          <label for="invite-place">${at('invitations.place')}</label>
          <select id="invite-place" @change=${(e: Event) => (this.placeId = (e.target as HTMLSelectElement).value)}>
            <option value="">${at('invitations.noPlace')}</option>
            ${this.places.map((p) => html`<option value=${p.id} ?selected=${p.id === this.placeId}>${p.name}</option>`)}
          </select>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : at('invitations.submit')}</button></div>
      </form>
      <h2>${at('invitations.list')}</h2>
      ${this.invitations.length === 0
        ? html`<p>${at('invitations.none')}</p>`
        : html`<ul class="list">
            ${this.invitations.map(
              (i) => html`<li>
                <strong>${i.email ?? at('invitations.printable')}</strong>
                ${i.placeName ? html`<span>${i.placeName}</span>` : nothing}
                <span>${at(`invitations.status.${i.status}`)}</span>
                <span>${formatDateTime(i.createdAt)}</span>
                ${i.status === 'pending' ? html`<button type="button" class="secondary" @click=${() => this.revoke(i.id)}>${at('invitations.revoke')}</button>` : nothing}
              </li>`,
            )}
          </ul>`}
    `;
  }
}

customElements.define('invitations-page', InvitationsPage);

declare global {
  interface HTMLElementTagNameMap {
    'invitations-page': InvitationsPage;
  }
}
