import { z } from 'zod';

/** Languages the interface and e-mails exist in; French first. */
export const locales = ['fr', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;
export const defaultLocale: Locale = 'fr';
