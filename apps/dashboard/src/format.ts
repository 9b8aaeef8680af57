import { SHOP_TIME_ZONE } from '@omega/core';
import type { Locale } from './i18n/index.tsx';

const tag = (l: Locale) => (l === 'fr' ? 'fr-FR' : 'en-GB');

/** A date and time in the shop's time zone (Paris), e.g. "02/03/2026 10:00". */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(tag(locale), {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: SHOP_TIME_ZONE,
  }).format(new Date(iso));
}

/** A time in the shop's time zone (Paris), e.g. "10:00". */
export function formatTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(tag(locale), {
    timeStyle: 'short',
    timeZone: SHOP_TIME_ZONE,
  }).format(new Date(iso));
}

/** Euros with cents ("12,50 €"); 4 decimals under 1 cent. */
export function formatEur(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(tag(locale), {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A share as a percentage ("75 %"), or "—". */
export function formatPercent(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** A latency bucket as words: "< 5 s", "≥ 300 s". */
export function formatBucket(p: { upperMs: number | null; lowerMs: number } | null): string {
  if (!p) return '—';
  if (p.upperMs === null) return `≥ ${p.lowerMs / 1000} s`;
  return `< ${p.upperMs / 1000} s`;
}
