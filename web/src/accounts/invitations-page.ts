import { LitElement, css, html, nothing } from 'lit';
import type { InvitationView } from '../../../shared/accounts.schema.ts';
import { emailSchema } from '../../../shared/auth.schema.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { alertRegion, field, focusFirstError } from '../forms/fields.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController, formatDateTime, getLocale, t } from '../i18n/i18n.ts';
import { accountsApi } from './accounts.api.ts';
import { at } from './i18n.ts';

/**
 * The server's QR code SVG as an image URL. As an `<img>`, an SVG runs no script and adds
 * nothing to the page's DOM, so whatever the document holds it cannot inject markup.
 */
function svgDataUrl(svg: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/**
 * While the page is shown, printing shows only the invitation card: the shell around the
 * page (header, navigation, footer) lives in the shadow root this page is rendered into,
 * out of reach of the page's own styles, so the rule is adopted there.
 */
const shellPrintSheet = new CSSStyleSheet();
shellPrintSheet.replaceSync(`@media print {
  :host > :not(main) { display: none !important; }
  main { padding: 0 !important; }
}`);

/**
 * `/invitations`: admins and animators invite by e-mail, or get a card to print, with the
 * link and its QR code, for someone without an address at hand.
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
      .print-card { margin: 1.5rem 0; padding: 1.25rem; border: 2px solid var(--m-border); border-radius: var(--m-radius); background: var(--m-surface); max-width: 36rem; }
      .print-card h2 { margin-top: 0; }
      .print-card img { display: block; width: 15rem; max-width: 100%; height: auto; margin: 1rem 0; }
      @media print {
        .no-print { display: none !important; }
        .print-card { border: none; padding: 0; margin: 0; max-width: none; }
        .print-card img { width: 8cm; }
        .link { font-size: 1.4rem; background: none; padding: 0; }
      }
    `,
  ];

  declare email: string;
  declare placeId: string;
  declare places: { id: string; name: string }[];
  declare invitations: InvitationView[];
  declare created: { link: string; email: string | null; qrSvg: string | null; invitation: InvitationView } | undefined;
  declare error: string | undefined;
  declare formError: string | undefined;
  declare sending: boolean;
  private readonly i18n = new LocaleController(this);
  private printRoot: Document | ShadowRoot | undefined;

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

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    if (root instanceof ShadowRoot || root instanceof Document) {
      this.printRoot = root;
      if (!root.adoptedStyleSheets.includes(shellPrintSheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, shellPrintSheet];
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const root = this.printRoot;
    if (root) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== shellPrintSheet);
    this.printRoot = undefined;
  }

  override async firstUpdated(): Promise<void> {
    // Every place for admins; the places they animate for animators.
    const p = await accountsApi.places();
    if (p.ok) this.places = p.data.places;
    // Animators invite to a place they animate, never to the network alone: one is chosen from the start.
    if (!this.isAdmin() && this.places[0]) this.placeId = this.places[0].id;
    await this.load();
  }

  override updated(): void {
    setPageTitle(at('invitations.title'));
  }

  private isAdmin(): boolean {
    return session.me?.role === 'admin';
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
    this.created = { link: r.data.link, email: email ?? null, qrSvg: r.data.qrSvg, invitation: r.data.invitation };
    this.email = '';
    await this.load();
  }

  private async revoke(id: string): Promise<void> {
    const r = await accountsApi.revokeInvitation(id);
    if (!r.ok) this.formError = errorMessage(r.error);
    await this.load();
  }

  private renderCreated(c: NonNullable<InvitationsPage['created']>) {
    if (c.email) {
      return html`<div class="alert success no-print" role="status">
        <p>${at('invitations.sent', { email: c.email })}</p>
        <p class="link">${c.link}</p>
      </div>`;
    }
    return html`<div class="alert success no-print" role="status"><p>${at('invitations.created')}</p></div>
      <section class="print-card" aria-labelledby="print-card-title">
        <h2 id="print-card-title">${at('invitations.cardTitle')}</h2>
        <p>${at('invitations.cardIntro')}</p>
        ${c.qrSvg ? html`<img src=${svgDataUrl(c.qrSvg)} alt=${at('invitations.qrAlt')} width="240" height="240" />` : nothing}
        <p class="link">${c.link}</p>
        ${c.invitation.placeName ? html`<p>${at('invitations.cardPlace', { place: c.invitation.placeName })}</p>` : nothing}
        <p>${at('invitations.cardExpires', { date: formatDateTime(c.invitation.expiresAt) })}</p>
      </section>
      <div class="actions no-print"><button type="button" class="secondary" @click=${() => window.print()}>${at('invitations.print')}</button></div>`;
  }

  override render() {
    return html`
      <h1 class="no-print">${at('invitations.title')}</h1>
      ${this.created ? this.renderCreated(this.created) : nothing}
      <form class="no-print" novalidate @submit=${this.submit}>
        ${alertRegion(this.formError, this.error ? [{ label: t('field.email'), message: this.error }] : [])}
        ${field({ id: 'invite-email', label: at('invitations.email'), type: 'email', autocomplete: 'off', value: this.email, required: false, error: this.error, onInput: (v) => (this.email = v) })}
        <div class="field">
          <label for="invite-place">${at('invitations.place')}</label>
          <select id="invite-place" @change=${(e: Event) => (this.placeId = (e.target as HTMLSelectElement).value)}>
            ${this.isAdmin() ? html`<option value="">${at('invitations.noPlace')}</option>` : nothing}
            ${this.places.map((p) => html`<option value=${p.id} ?selected=${p.id === this.placeId}>${p.name}</option>`)}
          </select>
        </div>
        <div class="actions"><button type="submit" ?disabled=${this.sending}>${this.sending ? t('form.sending') : at('invitations.submit')}</button></div>
      </form>
      <h2 class="no-print">${at('invitations.list')}</h2>
      ${this.invitations.length === 0
        ? html`<p class="no-print">${at('invitations.none')}</p>`
        : html`<ul class="list no-print">
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
