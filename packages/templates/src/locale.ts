/** The languages every template is written in. French is the default. */
export type Locale = 'fr' | 'en';

/** Every supported locale, default first. */
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** The locale used when none is given. */
export const DEFAULT_LOCALE: Locale = 'fr';

/**
 * The shop's name as customers see it in every message. GSM-7 safe (plain apostrophe), and
 * never shortened by the SMS length budget.
 */
export const BRAND = "O'MEGA Services";
