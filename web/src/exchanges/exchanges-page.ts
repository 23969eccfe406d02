import { LitElement, css, html, nothing } from 'lit';
import type { ExchangeView } from '../../../shared/exchanges.schema.ts';
import type { MatchCard, MatchReason } from '../../../shared/profiles.schema.ts';
import type { ApiError } from '../api/api.ts';
import { getSocket } from '../api/socket.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from '../profiles/i18n.ts';
import { cardStyles, memberCard } from '../profiles/member-card.ts';
import { exchangesApi, profilesApi } from '../profiles/profiles.api.ts';

const skillsOf = (reasons: MatchReason[], kind: 'offers' | 'seeks') => reasons.flatMap((r) => (r.kind === kind ? [r.skill] : []));

/** `/echanges`: my matches (propose from there) and my exchanges, each step arriving live. */
export class ExchangesPage extends LitElement {
  static override properties = {
    matchList: { state: true },
    exchanges: { state: true },
    proposingTo: { state: true },
    countering: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  declare matchList: MatchCard[];
  declare exchanges: ExchangeView[];
  declare proposingTo: string | null;
  declare countering: string | null;
  declare error: ApiError | null;
  declare notice: string;
  private readonly locale = new LocaleController(this);
  private readonly onUpdate = (e: ExchangeView) => this.upsert(e);

  constructor() {
    super();
    this.matchList = [];
    this.exchanges = [];
    this.proposingTo = new URLSearchParams(location.search).get('avec');
    this.countering = null;
    this.error = null;
    this.notice = '';
  }

  static override styles = [
    theme,
    cardStyles,
    css`
      .exchange .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .status {
        font-weight: 700;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    setPageTitle(pt('exchanges.title'));
    getSocket().on('exchange:update', this.onUpdate);
    void this.load();
  }

  override disconnectedCallback(): void {
    getSocket().off('exchange:update', this.onUpdate);
    super.disconnectedCallback();
  }

  private async load() {
    const [m, x] = await Promise.all([profilesApi.matches(), exchangesApi.list()]);
    if (m.ok) this.matchList = m.data.matches;
    if (x.ok) this.exchanges = x.data.exchanges;
    this.error = !m.ok ? m.error : !x.ok ? x.error : null;
  }

  private upsert(e: ExchangeView) {
    this.exchanges = [e, ...this.exchanges.filter((x) => x.id !== e.id)];
  }

  private async propose(ev: SubmitEvent, toUserId: string) {
    ev.preventDefault();
    const d = new FormData(ev.target as HTMLFormElement);
    const r = await exchangesApi.propose({ toUserId, offer: String(d.get('offer')), ask: String(d.get('ask')), message: String(d.get('message') ?? '') });
    if (!r.ok) return void (this.error = r.error);
    this.upsert(r.data);
    this.proposingTo = null;
    this.notice = pt('exchanges.sent');
  }

  private async counter(ev: SubmitEvent, id: string) {
    ev.preventDefault();
    const d = new FormData(ev.target as HTMLFormElement);
    const r = await exchangesApi.counter(id, { offer: String(d.get('offer')), ask: String(d.get('ask')), message: String(d.get('message') ?? '') });
    if (!r.ok) return void (this.error = r.error);
    this.upsert(r.data);
    this.countering = null;
  }

  private async act(id: string, action: 'accept' | 'decline' | 'cancel' | 'done') {
    const r = await exchangesApi.act(id, action);
    if (r.ok) this.upsert(r.data);
    this.error = r.ok ? null : r.error;
  }

  private async consent(id: string, show: boolean) {
    const r = await exchangesApi.consent(id, show);
    if (r.ok) this.upsert(r.data);
  }

  private termsForm(name: string, offer: string, ask: string, onSubmit: (e: SubmitEvent) => void) {
    return html`<form class="terms" @submit=${onSubmit} aria-label=${name}>
      <label>${pt('exchanges.offer')} <input name="offer" required maxlength="60" .value=${offer} /></label>
      <label>${pt('exchanges.ask')} <input name="ask" required maxlength="60" .value=${ask} /></label>
      <label>${pt('exchanges.message')} <textarea name="message" maxlength="1000"></textarea></label>
      <button type="submit">${pt('exchanges.send')}</button>
    </form>`;
  }

  private matchExtra(m: MatchCard) {
    const label = pt('exchanges.propose', { name: m.displayName });
    if (this.proposingTo !== m.userId) {
      return html`<button type="button" @click=${() => (this.proposingTo = m.userId)}>${label}</button>`;
    }
    const mySkill = skillsOf(m.reasons, 'seeks')[0] ?? '';
    const theirSkill = skillsOf(m.reasons, 'offers')[0] ?? '';
    return this.termsForm(label, mySkill, theirSkill, (e) => this.propose(e, m.userId));
  }

  private exchangeItem(x: ExchangeView) {
    const me = session.me?.id;
    const iAmProposer = x.proposer.userId === me;
    const other = iAmProposer ? x.recipient : x.proposer;
    const myDone = iAmProposer ? x.proposerDone : x.recipientDone;
    const myShows = iAmProposer ? x.proposerShows : x.recipientShows;
    const awaitingMe = x.status === 'proposed' && x.awaitingId === me;
    return html`<li class="card exchange" data-exchange-id=${x.id} data-status=${x.status}>
      <p><span class="status">${pt(`exchanges.status.${x.status}`)}</span> — <a href="/membres/${other.userId}">${other.displayName}</a></p>
      <p>${pt('exchanges.terms', { proposer: x.proposer.displayName, pg: x.proposerGives.label, recipient: x.recipient.displayName, rg: x.recipientGives.label })}</p>
      ${x.message ? html`<blockquote>${x.message}</blockquote>` : nothing}
      ${x.status === 'proposed' ? html`<p>${awaitingMe ? pt('exchanges.awaitingMe') : pt('exchanges.awaitingOther', { name: other.displayName })}</p>` : nothing}
      <div class="actions">
        ${awaitingMe
          ? html`<button type="button" @click=${() => this.act(x.id, 'accept')}>${pt('exchanges.accept')}</button>
              <button type="button" class="secondary" @click=${() => this.act(x.id, 'decline')}>${pt('exchanges.decline')}</button>
              <button type="button" class="secondary" @click=${() => (this.countering = x.id)}>${pt('exchanges.counter')}</button>`
          : nothing}
        ${x.status === 'accepted' && !myDone ? html`<button type="button" @click=${() => this.act(x.id, 'done')}>${pt('exchanges.done')}</button>` : nothing}
        ${x.status === 'accepted' && myDone ? html`<span>${pt('exchanges.doneByMe')}</span>` : nothing}
        ${x.status === 'proposed' || x.status === 'accepted'
          ? html`<button type="button" class="secondary" @click=${() => this.act(x.id, 'cancel')}>${pt('exchanges.cancel')}</button>`
          : nothing}
      </div>
      ${this.countering === x.id
        ? this.termsForm(pt('exchanges.counter'), iAmProposer ? x.proposerGives.label : x.recipientGives.label, iAmProposer ? x.recipientGives.label : x.proposerGives.label, (e) => this.counter(e, x.id))
        : nothing}
      ${x.status === 'done'
        ? html`<label><input type="checkbox" .checked=${myShows} @change=${(e: Event) => this.consent(x.id, (e.target as HTMLInputElement).checked)} /> ${pt('exchanges.show')}</label>`
        : nothing}
    </li>`;
  }

  override render() {
    void this.locale;
    return html`<h1>${pt('exchanges.title')}</h1>
      ${this.error ? html`<p role="alert" class="error">${errorMessage(this.error)}</p>` : nothing}
      ${this.notice ? html`<p role="status">${this.notice}</p>` : nothing}
      <section aria-labelledby="mine">
        <h2 id="mine">${pt('exchanges.mine')}</h2>
        <p class="muted">${pt('exchanges.live')}</p>
        ${this.exchanges.length ? html`<ul class="members exchanges">${this.exchanges.map((x) => this.exchangeItem(x))}</ul>` : html`<p>${pt('exchanges.empty')}</p>`}
      </section>
      <section aria-labelledby="matches">
        <h2 id="matches">${pt('exchanges.matches')}</h2>
        ${this.matchList.length
          ? html`<ul class="members matches">${this.matchList.map((m) => memberCard(m, true, html`${m.both ? html`<p><strong>${pt('exchanges.both')}</strong></p>` : nothing}${this.matchExtra(m)}`))}</ul>`
          : html`<p>${pt('exchanges.matchesEmpty')}</p>`}
      </section>`;
  }
}
customElements.define('exchanges-page', ExchangesPage);
