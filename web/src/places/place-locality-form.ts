import { LitElement, html, nothing } from 'lit';
import type { CommuneView } from '../../../shared/communes.schema.ts';
import { memberVisibilities, type Locality, type MemberVisibility } from '../../../shared/places.schema.ts';
import type { ApiError } from '../api/api.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { pt } from './i18n.ts';
import { placesApi } from './places.api.ts';

/** On the account page: my commune (distances to places) and who sees me (rules.md). */
export class PlaceLocalityForm extends LitElement {
  static override properties = { locality: { state: true }, communes: { state: true }, error: { state: true }, saved: { state: true } };
  static override styles = [theme];
  declare locality: Locality | null;
  declare communes: CommuneView[];
  declare error: ApiError | null;
  declare saved: boolean;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.locality = null;
    this.communes = [];
    this.error = null;
    this.saved = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void Promise.all([placesApi.locality(), placesApi.communes()]).then(([l, c]) => {
      if (l.ok) this.locality = l.data;
      if (c.ok) this.communes = c.data.communes;
    });
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const code = String(data.get('commune') ?? '');
    const r = await placesApi.setLocality({ communeCode: code || null, visibility: String(data.get('visibility')) as MemberVisibility });
    this.saved = r.ok;
    this.error = r.ok ? null : r.error;
    if (r.ok) this.locality = r.data;
  }

  override render() {
    if (!this.locality) return nothing;
    return html`<section class="card" aria-labelledby="locality-title">
      <h2 id="locality-title">${pt('locality.title')}</h2>
      <form class="stack" @submit=${this.submit}>
        <div class="field">
          <label for="commune">${pt('locality.commune')}</label>
          <select id="commune" name="commune" aria-describedby="commune-hint" style="min-height:2.75rem;font:inherit;max-width:100%">
            <option value="">${pt('locality.noCommune')}</option>
            ${this.communes.map((c) => html`<option value=${c.code} ?selected=${this.locality!.communeCode === c.code}>${c.name}</option>`)}
          </select>
          <p class="hint" id="commune-hint">${pt('locality.communeHint')}</p>
        </div>
        <fieldset>
          <legend>${pt('locality.visibility')}</legend>
          ${memberVisibilities.map(
            (v) => html`<label style="display:flex;gap:.5rem;align-items:center;min-height:2.5rem">
              <input type="radio" name="visibility" value=${v} ?checked=${this.locality!.visibility === v} /> ${pt(`locality.v.${v}`)}</label>`,
          )}
        </fieldset>
        <button type="submit">${pt('locality.save')}</button>
        ${this.saved ? html`<p class="alert success" role="status">${pt('locality.saved')}</p>` : nothing}
        ${this.error ? html`<p class="alert" role="alert">${errorMessage(this.error)}</p>` : nothing}
      </form>
    </section>`;
  }
}

customElements.define('place-locality-form', PlaceLocalityForm);
