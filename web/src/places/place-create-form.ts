import { LitElement, html, nothing } from 'lit';
import type { CommuneView } from '../../../shared/communes.schema.ts';
import { placeKinds, placeServices } from '../../../shared/places.schema.ts';
import type { ApiError } from '../api/api.ts';
import { navigate } from '../app/navigate.ts';
import { theme } from '../app/theme.ts';
import { errorMessage } from '../i18n/errors.ts';
import { LocaleController } from '../i18n/i18n.ts';
import { kindLabel, pt, serviceLabel } from './i18n.ts';
import { hoursFields, monthsFields, readPlaceForm } from './place-form.ts';
import { placesApi } from './places.api.ts';
import { placeFormStyles } from './place-styles.ts';
import { serviceIcon } from './service-icon.ts';

/** Admins create a place (its first animators are named from its page, or from the admin page). */
export class PlaceCreateForm extends LitElement {
  static override properties = { communes: { attribute: false }, error: { state: true }, problem: { state: true }, busy: { state: true } };
  static override styles = [theme, placeFormStyles];
  declare communes: CommuneView[];
  declare error: ApiError | null;
  declare problem: string;
  declare busy: boolean;
  private readonly locale = new LocaleController(this);

  constructor() {
    super();
    this.communes = [];
    this.error = null;
    this.problem = '';
    this.busy = false;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const read = readPlaceForm(data);
    if ('problem' in read) {
      this.problem = read.problem;
      return;
    }
    this.problem = '';
    this.busy = true;
    const r = await placesApi.create({ ...read.fields, communeCode: String(data.get('commune') ?? '') });
    this.busy = false;
    if (r.ok) navigate(`/lieux/${r.data.id}`);
    else this.error = r.error;
  }

  override render() {
    return html`<details class="card">
      <summary>${pt('form.create')}</summary>
      <form class="stack" @submit=${this.submit}>
        <div class="field"><label for="c-name">${pt('place.edit.name')}</label><input id="c-name" name="name" required maxlength="120" /></div>
        <div class="field">
          <label for="c-kind">${pt('place.edit.kind')}</label>
          <select id="c-kind" name="kind">${placeKinds.map((k) => html`<option value=${k}>${kindLabel(k)}</option>`)}</select>
        </div>
        <div class="field">
          <label for="c-commune">${pt('form.commune')}</label>
          <select id="c-commune" name="commune" required>${this.communes.map((c) => html`<option value=${c.code}>${c.name}</option>`)}</select>
        </div>
        <div class="field"><label for="c-desc">${pt('place.edit.description')}</label><textarea id="c-desc" name="description" maxlength="4000"></textarea></div>
        <div class="field"><label for="c-address">${pt('place.edit.address')}</label><input id="c-address" name="address" maxlength="300" /></div>
        <div class="field"><label for="c-contact">${pt('place.edit.contact')}</label><input id="c-contact" name="contact" maxlength="500" /></div>
        <fieldset>
          <legend>${pt('place.edit.services')}</legend>
          <div class="checks">
            ${placeServices.map((s) => html`<label><input type="checkbox" name="services" value=${s} />${serviceIcon(s, 22)} ${serviceLabel(s)}</label>`)}
          </div>
        </fieldset>
        ${hoursFields([])} ${monthsFields('monthsOpen', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])} ${monthsFields('monthsRoomsFree', [])}
        ${this.problem ? html`<p class="alert" role="alert">${this.problem}</p>` : nothing}
        ${this.error ? html`<p class="alert" role="alert">${errorMessage(this.error)}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>${pt('form.createSubmit')}</button>
      </form>
    </details>`;
  }
}

customElements.define('place-create-form', PlaceCreateForm);
