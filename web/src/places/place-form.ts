import { html } from 'lit';
import type { OpeningInterval, PlaceKind, PlaceService, UpdatePlaceBody } from '../../../shared/places.schema.ts';
import { dayName, monthName, pt } from './i18n.ts';

/**
 * Opening hours and seasons as form fields, shared by the creation and edit forms: one text
 * field per weekday ("09:00-12:30, 14:00-18:00"), and a checkbox per month.
 */
export function hoursFields(hours: OpeningInterval[]) {
  return html`<fieldset>
    <legend>${pt('place.hours')} (Europe/Paris)</legend>
    <p class="hint">${pt('form.hoursHint')}</p>
    ${[1, 2, 3, 4, 5, 6, 7].map((d) => {
      const value = hours
        .filter((h) => h.day === d)
        .sort((a, b) => a.open.localeCompare(b.open))
        .map((h) => `${h.open}-${h.close}`)
        .join(', ');
      return html`<div class="field"><label for="h-${d}">${dayName(d)}</label><input id="h-${d}" name="hours-${d}" .value=${value} inputmode="numeric" /></div>`;
    })}
  </fieldset>`;
}

export function monthsFields(name: 'monthsOpen' | 'monthsRoomsFree', months: number[]) {
  return html`<fieldset>
    <legend>${pt(name === 'monthsOpen' ? 'form.monthsOpen' : 'form.monthsRoomsFree')}</legend>
    <div class="checks">
      ${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(
        (m) => html`<label><input type="checkbox" name=${name} value=${m} ?checked=${months.includes(m)} /> ${monthName(m)}</label>`,
      )}
    </div>
  </fieldset>`;
}

/** The intervals typed in the weekday fields; an unreadable one is reported by its day. */
export function readHours(data: FormData): { hours: OpeningInterval[] } | { badDay: number } {
  const hours: OpeningInterval[] = [];
  for (let day = 1; day <= 7; day++) {
    const text = String(data.get(`hours-${day}`) ?? '').trim();
    if (!text) continue;
    for (const part of text.split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\d{1,2})[:h](\d{2})\s*[-–]\s*(\d{1,2})[:h](\d{2})$/.exec(part);
      if (!m) return { badDay: day };
      const open = `${m[1]!.padStart(2, '0')}:${m[2]}`;
      const close = `${m[3]!.padStart(2, '0')}:${m[4]}`;
      if (!(open < close)) return { badDay: day };
      hours.push({ day, open, close });
    }
  }
  return { hours };
}

export const readMonths = (data: FormData, name: string) => data.getAll(name).map(Number);

/** The fields both place forms (create, edit) send. */
export type PlaceFormFields = Required<Omit<UpdatePlaceBody, 'communeCode' | 'lat' | 'lon'>>;

/** What both place forms send, read from the submitted form; or the problem to show. */
export function readPlaceForm(data: FormData): { fields: PlaceFormFields } | { problem: string } {
  const hours = readHours(data);
  if ('badDay' in hours) return { problem: pt('form.badHours', { day: dayName(hours.badDay) }) };
  return {
    fields: {
      name: String(data.get('name') ?? ''),
      kind: String(data.get('kind')) as PlaceKind,
      description: String(data.get('description') ?? ''),
      address: String(data.get('address') ?? ''),
      contact: String(data.get('contact') ?? ''),
      services: data.getAll('services').map(String) as PlaceService[],
      openingHours: hours.hours,
      monthsOpen: readMonths(data, 'monthsOpen'),
      monthsRoomsFree: readMonths(data, 'monthsRoomsFree'),
    },
  };
}
