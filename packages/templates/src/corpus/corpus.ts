import {
  ACTION_REPLY_KEYS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type SeededRandom,
  seededRandom,
  TICKET_STATUSES,
} from '@omega/core';
import type { Locale } from '../locale.ts';
import type { TemplateVariables, VariableTypes } from '../variables.ts';
import { TEMPLATE_VARIABLES } from '../variables.ts';
import {
  COUNTRIES,
  DEVICES,
  FIRST_NAMES,
  SHOP_ADDRESSES,
  SHOP_HOURS_EN,
  SHOP_HOURS_FR,
  SHOP_PHONES,
  SHORT_DOMAINS,
  STAFF_MESSAGES_EN,
  STAFF_MESSAGES_FR,
} from './data.ts';

/** One corpus case: a template, a language, a destination country and its variables. */
export type CorpusCase = {
  [K in NotificationKind]: {
    /** Position in the corpus. */
    index: number;
    kind: K;
    locale: Locale;
    /** Destination country (ISO 3166 alpha-2), for pricing. */
    country: string;
    vars: TemplateVariables<K>;
  };
}[NotificationKind];

/** Options for {@link generateCorpus}. */
export type CorpusOptions = {
  /** PRNG seed; the same seed always gives the same corpus. */
  seed?: number;
  /** Number of cases; spread evenly over every template. */
  size?: number;
  /** Share of English cases (the rest is French). */
  englishShare?: number;
};

/** The corpus used by the tests and the benchmark. */
export const DEFAULT_CORPUS_OPTIONS: Required<CorpusOptions> = {
  seed: 20_241_123,
  size: 2_200,
  englishShare: 0.15,
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomId(prng: SeededRandom, length: number): string {
  let id = '';
  for (let i = 0; i < length; i += 1) id += prng.pick([...ALPHANUMERIC]);
  return id;
}

function trackingCode(prng: SeededRandom): string {
  if (prng.chance(0.8)) {
    const yymm = `${prng.int(24, 26)}${String(prng.int(1, 12)).padStart(2, '0')}`;
    return `OM-${yymm}-${String(prng.int(1, 9999)).padStart(4, '0')}`;
  }
  return `R${prng.int(100000, 999999)}`;
}

function amount(prng: SeededRandom): number {
  const euros = prng.chance(0.05) ? prng.int(1000, 2500) : prng.int(19, 899);
  const cents = prng.pick([0, 0, 0, 90, 99, 50, prng.int(1, 98)]);
  return euros + cents / 100;
}

function appointment(prng: SeededRandom): Date {
  // A slot between 9:00 and 18:45 Paris time (UTC+1/+2 handled by the formatter) in 2025–2026.
  const day = Date.UTC(2025, 0, 1) + prng.int(0, 729) * 86_400_000;
  return new Date(day + (prng.int(8, 17) * 60 + prng.pick([0, 15, 30, 45])) * 60_000);
}

/** Review pages as shops paste them into the settings. */
const REVIEW_URLS = [
  'https://g.page/r/CQx1omega-services/review',
  'https://search.google.com/local/writereview?placeid=ChIJN1t_tDeuEmsRUsoyG83frY4',
  'https://fr.trustpilot.com/evaluate/omega-services.fr',
];

/** All variables a case could need; each template keeps its own. */
function allVariables(prng: SeededRandom, locale: Locale): VariableTypes & { firstName?: string } {
  const domain = prng.pick(SHORT_DOMAINS);
  return {
    firstName: prng.chance(0.1) ? '' : prng.pick(FIRST_NAMES),
    device: prng.pick(DEVICES),
    trackingCode: trackingCode(prng),
    ticketId: randomId(prng, 20),
    link: `https://${domain}/t/${randomId(prng, prng.int(8, 12))}`,
    shopHours: prng.pick(locale === 'fr' ? SHOP_HOURS_FR : SHOP_HOURS_EN),
    shopAddress: prng.pick(SHOP_ADDRESSES),
    shopPhone: prng.pick(SHOP_PHONES),
    amountEur: amount(prng),
    appointmentAt: appointment(prng),
    daysWaiting: prng.int(3, 60),
    storageDays: prng.pick([30, 60, 90, 180, 365]),
    staffMessage: prng.pick(locale === 'fr' ? STAFF_MESSAGES_FR : STAFF_MESSAGES_EN),
    status: prng.pick(TICKET_STATUSES),
    reviewUrl: prng.pick(REVIEW_URLS),
    actionReply: prng.pick(ACTION_REPLY_KEYS),
    // Fixed (no draw): the corpus's other variables stay what they were for a given seed.
    mapsUrl: 'https://maps.app.goo.gl/omegaShop1',
    shopCoordinates: '48.8651,2.3692',
  };
}

/**
 * Generates the benchmark and test corpus deterministically from a seed (Mulberry32, never
 * `Math.random`): cases cycle through every template so each gets the same share, with
 * French first names (accents, hyphens, a few foreign and odd ones), long device names,
 * tracking codes, short links of 8–12 characters on several domains, amounts, appointment
 * dates, shop hours and addresses, every ticket status, French and English, and destination
 * countries for pricing. Optional variables are sometimes left out (no first name, no link
 * on keyword replies).
 *
 * @example generateCorpus().length // 2200
 */
export function generateCorpus(options: CorpusOptions = {}): CorpusCase[] {
  const { seed, size, englishShare } = { ...DEFAULT_CORPUS_OPTIONS, ...options };
  const prng = seededRandom(seed);
  const cases: CorpusCase[] = [];
  for (let index = 0; index < size; index += 1) {
    const kind = NOTIFICATION_KINDS[index % NOTIFICATION_KINDS.length] as NotificationKind;
    const locale: Locale = prng.chance(englishShare) ? 'en' : 'fr';
    const all = allVariables(prng, locale) as unknown as Record<string, unknown>;
    const spec = TEMPLATE_VARIABLES[kind];
    const vars: Record<string, unknown> = {};
    for (const name of spec.required) vars[name] = all[name];
    for (const name of spec.optional) {
      if (prng.chance(0.85) && all[name] !== '') vars[name] = all[name];
    }
    cases.push({ index, kind, locale, country: prng.pick(COUNTRIES), vars } as CorpusCase);
  }
  return cases;
}
