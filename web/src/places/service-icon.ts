import { html } from 'lit';
import type { PlaceService } from '../../../shared/places.schema.ts';
import { serviceLabel } from './i18n.ts';

/**
 * A service's pictogram, the same everywhere: the SVG shipped in web/public/pictograms, with
 * the service's name in the interface language as its accessible name (and tooltip).
 */
export function serviceIcon(service: PlaceService, size = 28) {
  const label = serviceLabel(service);
  return html`<img class="pictogram" src="/pictograms/${service}.svg" alt=${label} title=${label} width=${size} height=${size} />`;
}
