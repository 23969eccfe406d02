import { LitElement, css, html, nothing } from 'lit';
import type { CommuneView } from '../../../shared/communes.schema.ts';
import { placeKinds, placeServices, type MapData, type PlaceCountUpdate, type PlaceSummary } from '../../../shared/places.schema.ts';
import type { ApiError } from '../api/api.ts';
import { getSocket } from '../api/socket.ts';
import { setPageTitle } from '../app/navigate.ts';
import { session, SessionController } from '../app/session.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import '../map/places-map.ts';
import { emitAck } from '../rooms/socket-ack.ts';
import { kindLabel, pt, serviceLabel } from './i18n.ts';
import { placesApi } from './places.api.ts';
import { serviceIcon } from './service-icon.ts';
import { placeCardStyles, placeChecksStyles } from './place-styles.ts';
import './place-create-form.ts';

/** `/lieux`: the directory and the map of places, with filters kept in the address. */
export class PlaceListPage extends LitElement {
  static override properties = {
    places: { state: true },
    mapData: { state: true },
    communes: { state: true },
    error: { state: true },
    from: { state: true },
  };

  declare places: PlaceSummary[] | null;
  declare mapData: MapData | null;
  declare communes: CommuneView[];
  declare error: ApiError | null;
  declare from: string;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly onCount = (u: PlaceCountUpdate) => {
    if (!this.places) return;
    this.places = this.places.map((p) => (p.id === u.placeId ? { ...p, presentCount: u.presentCount } : p));
  };
  private readonly onConnect = () => void this.watch();

  constructor() {
    super();
    this.places = null;
    this.mapData = null;
    this.communes = [];
    this.error = null;
    this.from = new URLSearchParams(location.search).get('from') ?? (new URLSearchParams(location.search).get('commune') ? 'commune' : '');
  }

  static override styles = [
    theme,
    placeCardStyles,
    placeChecksStyles,
    css`
      form.filters {
        display: grid;
        gap: 0.75rem 1rem;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr));
        align-items: end;
      }
      details.services-filter {
        grid-column: 1 / -1;
      }
      details.services-filter summary {
        cursor: pointer;
        font-weight: 700;
        min-height: 2.75rem;
        display: flex;
        align-items: center;
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      fieldset {
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
        margin: 0;
        padding: 0.5rem 0.75rem 0.75rem;
      }
      legend {
        font-weight: 700;
        padding: 0 0.25rem;
      }
      .checks input {
        width: 1.25rem;
        height: 1.25rem;
      }
      select,
      input[type='search'],
      input[type='number'] {
        width: 100%;
        min-height: 2.75rem;
        font: inherit;
        padding: 0.4rem 0.5rem;
        border: 1px solid var(--m-border);
        border-radius: var(--m-radius);
        background: var(--m-surface);
      }
      .field label {
        display: block;
        font-weight: 600;
      }
      .form-actions {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .layout {
        display: grid;
        gap: 1.5rem;
        margin-top: 1.5rem;
      }
      @media (min-width: 60rem) {
        .layout {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
          align-items: start;
        }
        .map-col {
          position: sticky;
          top: 1rem;
        }
      }
      h2 {
        margin-top: 0;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    setPageTitle(pt('places.title'));
    void this.load();
    void placesApi.map().then((r) => {
      if (r.ok) this.mapData = r.data;
    });
    void placesApi.communes().then((r) => {
      if (r.ok) this.communes = r.data.communes;
    });
    if (session.me) {
      const s = getSocket();
      s.on('places:count', this.onCount);
      s.on('connect', this.onConnect);
      if (s.connected) void this.watch();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const s = getSocket();
    s.off('places:count', this.onCount);
    s.off('connect', this.onConnect);
  }

  private async watch(): Promise<void> {
    await emitAck(getSocket(), 'places:watch', {});
  }

  private async load(): Promise<void> {
    const query = new URLSearchParams(location.search);
    const r = await placesApi.directory(query);
    if (r.ok) {
      this.places = r.data.places;
      this.error = null;
    } else {
      this.error = r.error;
    }
  }

  private onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const q = new URLSearchParams();
    const text = String(data.get('q') ?? '').trim();
    if (text) q.set('q', text);
    if (data.get('kind')) q.set('kind', String(data.get('kind')));
    const services = data.getAll('services').map(String);
    if (services.length) q.set('services', services.join(','));
    if (data.get('openNow')) q.set('openNow', 'true');
    if (data.get('openThisMonth')) q.set('openThisMonth', 'true');
    const from = String(data.get('from') ?? '');
    if (from === 'mine') q.set('from', 'mine');
    if (from === 'commune' && data.get('commune')) q.set('commune', String(data.get('commune')));
    const maxKm = String(data.get('maxKm') ?? '');
    if (from && maxKm) q.set('maxKm', maxKm);
    if (from) q.set('sort', 'distance');
    history.replaceState(null, '', `${location.pathname}${q.toString() ? `?${q}` : ''}`);
    this.places = null;
    void this.load();
  }

  private reset(): void {
    history.replaceState(null, '', location.pathname);
    this.from = '';
    (this.renderRoot.querySelector('form.filters') as HTMLFormElement).reset();
    this.places = null;
    void this.load();
  }

  private card(p: PlaceSummary) {
    return html`<li class="card place">
      <h3><a href="/lieux/${p.id}">${p.name}</a> ${p.demo ? html`<span class="tag">${pt('places.demo')}</span>` : nothing}</h3>
      <p class="meta">${kindLabel(p.kind)}${p.communeName ? html` · ${p.communeName}` : nothing}${p.distanceKm !== null ? html` · ${pt('places.distance', { km: p.distanceKm.toLocaleString() })}` : nothing}</p>
      <p class="status">
        <span class=${p.openNow ? 'open' : 'closed'}>${p.openNow ? pt('places.openNow') : pt('places.closedNow')}</span>
        ${p.presentCount ? html`<span class="pill">${pt('places.present', { count: p.presentCount })}</span>` : nothing}
      </p>
      ${p.services.length ? html`<p class="services">${p.services.map((s) => serviceIcon(s, 26))}</p>` : nothing}
    </li>`;
  }

  override render() {
    const params = new URLSearchParams(location.search);
    const chosen = new Set((params.get('services') ?? '').split(',').filter(Boolean));
    const me = this.session.me;
    return html`
      <h1>${pt('places.title')}</h1>
      <p>${pt('places.lead')}</p>
      ${me?.role === 'admin' ? html`<place-create-form .communes=${this.communes}></place-create-form>` : nothing}
      <form class="filters" role="search" aria-label=${pt('places.filters')} @submit=${this.onSubmit}>
        <div class="field">
          <label for="q">${pt('places.filter.q')}</label>
          <input id="q" name="q" type="search" maxlength="120" .value=${params.get('q') ?? ''} />
        </div>
        <div class="field">
          <label for="kind">${pt('places.filter.kind')}</label>
          <select id="kind" name="kind">
            <option value="">${pt('places.filter.anyKind')}</option>
            ${placeKinds.map((k) => html`<option value=${k} ?selected=${params.get('kind') === k}>${kindLabel(k)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="from">${pt('places.filter.from')}</label>
          <select id="from" name="from" @change=${(e: Event) => (this.from = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.from === ''}>${pt('places.filter.fromNone')}</option>
            ${me ? html`<option value="mine" ?selected=${this.from === 'mine'}>${pt('places.filter.fromMine')}</option>` : nothing}
            <option value="commune" ?selected=${this.from === 'commune'}>${pt('places.filter.fromCommune')}</option>
          </select>
        </div>
        ${this.from === 'commune'
          ? html`<div class="field">
              <label for="commune">${pt('places.filter.commune')}</label>
              <select id="commune" name="commune">
                ${this.communes.map((c) => html`<option value=${c.code} ?selected=${params.get('commune') === c.code}>${c.name}</option>`)}
              </select>
            </div>`
          : nothing}
        ${this.from
          ? html`<div class="field">
              <label for="maxKm">${pt('places.filter.maxKm')}</label>
              <input id="maxKm" name="maxKm" type="number" min="1" max="200" step="1" .value=${params.get('maxKm') ?? ''} />
            </div>`
          : nothing}
        <details class="services-filter" ?open=${chosen.size > 0}>
          <summary>${pt('places.filter.services')}${chosen.size ? ` (${chosen.size})` : ''}</summary>
          <fieldset>
            <legend class="visually-hidden">${pt('places.filter.services')}</legend>
            <div class="checks">
              ${placeServices.map(
                (s) => html`<label><input type="checkbox" name="services" value=${s} ?checked=${chosen.has(s)} />${serviceIcon(s, 22)} ${serviceLabel(s)}</label>`,
              )}
            </div>
          </fieldset>
        </details>
        <div class="checks">
          <label><input type="checkbox" name="openNow" value="true" ?checked=${params.get('openNow') === 'true'} /> ${pt('places.filter.openNow')}</label>
          <label><input type="checkbox" name="openThisMonth" value="true" ?checked=${params.get('openThisMonth') === 'true'} /> ${pt('places.filter.openThisMonth')}</label>
        </div>
        <div class="form-actions">
          <button type="submit">${pt('places.filter.apply')}</button>
          <button type="button" class="secondary" @click=${this.reset}>${pt('places.filter.reset')}</button>
        </div>
      </form>
      ${this.error ? html`<div class="alert" role="alert"><p>${errorMessage(this.error)}</p></div>` : nothing}
      <div class="layout">
        <section class="map-col" aria-labelledby="map-title">
          <h2 id="map-title">${pt('places.map')}</h2>
          <places-map .places=${this.places ?? []} .data=${this.mapData}></places-map>
        </section>
        <section aria-labelledby="list-title">
          <h2 id="list-title">${pt('places.list')}</h2>
          ${this.places === null
            ? html`<p role="status">${pt('places.loading')}</p>`
            : html`<p role="status">${pt('places.count', { count: this.places.length })}</p>
                ${this.places.length ? html`<ul class="places">${this.places.map((p) => this.card(p))}</ul>` : html`<p>${pt('places.empty')}</p>`}`}
        </section>
      </div>
    `;
  }
}

customElements.define('place-list-page', PlaceListPage);

declare global {
  interface HTMLElementTagNameMap {
    'place-list-page': PlaceListPage;
  }
}
