import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

/** The dashboard's languages. */
export type Locale = 'fr' | 'en';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { fr, en };

/** Fills `{name}` placeholders. */
export function interpolate(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A translator for `locale`. */
export function translator(locale: Locale) {
  const dict = DICTIONARIES[locale];
  return (key: MessageKey, values?: Record<string, string | number>) =>
    interpolate(dict[key] ?? fr[key], values);
}

/** `t(key, values)`. */
export type Translate = ReturnType<typeof translator>;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** A key that may not exist (status names from the API): falls back to the raw value. */
  tMaybe(key: string, fallback: string): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the language (French by default, remembered in `localStorage`). */
export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    if (initial) return initial;
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('omega.locale') : null;
    return saved === 'en' ? 'en' : 'fr';
  });
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    localStorage.setItem('omega.locale', l);
    document.documentElement.lang = l;
  }, []);
  const value = useMemo<I18n>(() => {
    const t = translator(locale);
    const dict = DICTIONARIES[locale] as Record<string, string>;
    return { locale, setLocale, t, tMaybe: (key, fallback) => dict[key] ?? fallback };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and translator. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
