import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { defaultLocale, localeSchema, type Locale } from '../../../shared/locale.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

export type MessageKey = keyof typeof fr;
export type MessageParams = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };
/** Where a visitor's choice is kept between visits (members also have it on their account). */
export const localeStorageKey = 'maillage:locale';
/** BCP 47 tags used for dates and numbers. */
const intlTags: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

function storedLocale(): Locale | undefined {
  try {
    const parsed = localeSchema.safeParse(localStorage.getItem(localeStorageKey));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // storage disabled (private mode, policies)
  }
}

let current: Locale = storedLocale() ?? defaultLocale;
const changes = new EventTarget();
document.documentElement.lang = current;

export function getLocale(): Locale {
  return current;
}

/** Switches the interface language, remembers it in this browser, and re-renders subscribers. */
export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(localeStorageKey, locale);
  } catch {
    /* not persisted in this browser; the choice still applies to this page */
  }
  if (locale === current) return;
  current = locale;
  document.documentElement.lang = locale;
  changes.dispatchEvent(new Event('change'));
}

/** `{name}` placeholders filled from `params`; an unknown one stays as written, to be seen. */
function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: MessageParams): string {
  return fill(dictionaries[current][key] ?? fr[key] ?? key, params);
}

/**
 * The translate function of a capability's own messages (French first; the English table has
 * every key, which its type checks), working like `t`.
 */
export function translator<K extends string>(frMessages: Record<K, string>, enMessages: Record<K, string>) {
  return (key: K, params?: MessageParams): string => fill((current === 'en' ? enMessages : frMessages)[key], params);
}

/** The BCP 47 tag for dates and numbers in the current language. */
export function intlLocale(): string {
  return intlTags[current];
}

/** A date and time as people in Lozère read it: Europe/Paris, in the interface language. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(intlTags[current], { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    new Date(iso),
  );
}

/** Re-renders its host whenever the language changes. */
export class LocaleController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  get locale(): Locale {
    return current;
  }
  hostConnected(): void {
    changes.addEventListener('change', this.onChange);
  }
  hostDisconnected(): void {
    changes.removeEventListener('change', this.onChange);
  }
}
