/**
 * Inbound SMS/WhatsApp keywords, French and English.
 *
 * Rule: a message is a keyword only when, once normalised, the **whole message** is the
 * keyword phrase, optionally surrounded by polite words ("merci", "svp", "bonjour", "please",
 * …). Normalising removes case, accents and every character that is not a letter or a digit
 * (punctuation, emoji, line breaks). So "Stop !", "ARRÊT svp", "stop merci 🙏" are opt-outs,
 * while "je veux pas que ça s'arrête" or "stop the repair, I found it" are escalated to staff:
 * a sentence that merely contains the word is never read as a command.
 *
 * CANCEL, END and QUIT (Twilio's default English opt-out words) are deliberately not opt-outs
 * here: in a repair shop "cancel" usually means "cancel my repair", which staff must read. Twilio
 * still acts on them (and on START/STOP) by itself: {@link providerKeywordOf} says what Twilio
 * did with a message, whatever we make of it.
 */

import type { MessagingChannel } from './types.ts';

/** What an inbound message asks for. `escalate` = not a keyword: a person should read it. */
export type InboundIntent =
  | 'opt_out'
  | 'opt_out_all'
  | 'opt_in'
  | 'help'
  | 'status'
  | 'hours'
  | 'address'
  | 'escalate';

/** The result of {@link classifyInbound}. */
export interface InboundClassification {
  /** What the message asks for. */
  intent: InboundIntent;
  /** The canonical keyword recognised (upper case, no accents), absent for `escalate`. */
  keyword?: string;
}

/**
 * Keyword phrases per intent, in normalised form (lower case, no accents, single spaces).
 * The canonical keyword reported is the phrase in upper case.
 */
export const INBOUND_KEYWORDS: Readonly<
  Record<Exclude<InboundIntent, 'escalate'>, readonly string[]>
> = {
  opt_out: [
    'stop',
    'arret',
    'stop sms',
    'stop whatsapp',
    'desinscrire',
    'desinscription',
    'se desinscrire',
    'unsubscribe',
    'optout',
    'opt out',
  ],
  opt_out_all: ['stopall', 'stop all', 'stop tout', 'stoptout', 'arret tout'],
  opt_in: ['start', 'unstop'],
  help: ['aide', 'help', 'info', 'infos'],
  status: ['statut', 'suivi', 'status'],
  hours: ['horaires', 'horaire', 'hours'],
  address: ['adresse', 'address'],
};

/**
 * Polite words allowed around a keyword ("STOP merci", "Bonjour, AIDE svp"). Multi-word ones
 * are matched as whole phrases.
 */
export const POLITE_WORDS: readonly string[] = [
  'merci',
  'mercii',
  'svp',
  'stp',
  'sil vous plait',
  'sil te plait',
  'bonjour',
  'bonsoir',
  'salut',
  'please',
  'pls',
  'thanks',
  'thank you',
  'hello',
  'hi',
];

const PHRASE_TO_INTENT: ReadonlyMap<string, Exclude<InboundIntent, 'escalate'>> = new Map(
  (
    Object.entries(INBOUND_KEYWORDS) as Array<
      [Exclude<InboundIntent, 'escalate'>, readonly string[]]
    >
  ).flatMap(([intent, phrases]) => phrases.map((phrase) => [phrase, intent] as const)),
);

// No polite phrase is a prefix of another, so the order of the list does not matter.
const POLITE_PHRASES: readonly string[][] = POLITE_WORDS.map((p) => p.split(' '));

/**
 * Lower-cases, removes accents and replaces every run of non-letter, non-digit characters
 * by one space; apostrophes are dropped so "s'il" becomes "sil".
 *
 * @example
 * normalizeInbound('  ARRÊT !! '); // 'arret'
 */
export function normalizeInbound(body: string): string {
  return body
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function stripPoliteWords(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  outer: while (i < tokens.length) {
    for (const phrase of POLITE_PHRASES) {
      if (phrase.every((word, k) => tokens[i + k] === word)) {
        i += phrase.length;
        continue outer;
      }
    }
    out.push(tokens[i] as string);
    i += 1;
  }
  return out;
}

/**
 * Classifies an inbound SMS/WhatsApp body. The whole message must be the keyword phrase,
 * optionally with polite words around it; anything else is `escalate`.
 *
 * @example
 * classifyInbound('Stop'); // { intent: 'opt_out', keyword: 'STOP' }
 * classifyInbound('STOP TOUT merci'); // { intent: 'opt_out_all', keyword: 'STOP TOUT' }
 * classifyInbound("je veux pas que ça s'arrête"); // { intent: 'escalate' }
 */
export function classifyInbound(body: string): InboundClassification {
  const tokens = normalizeInbound(body).split(' ');
  // "STOP STOP" is as clear as "STOP": collapse immediate repeats of the same word.
  const words = stripPoliteWords(tokens).filter((t, i, all) => all[i - 1] !== t);
  const phrase = words.join(' ');
  const intent = PHRASE_TO_INTENT.get(phrase);
  if (intent === undefined) return { intent: 'escalate' };
  return { intent, keyword: phrase.toUpperCase() };
}

/** What Twilio itself did with an inbound message: put the number on its opt-out list, or take it off. */
export type ProviderKeyword = 'STOP' | 'START';

/**
 * Twilio's default opt-out words on SMS: a message that is exactly one of them (any case) puts the
 * number on Twilio's opt-out list for the sender (or its whole Messaging Service), and every later
 * SMS to it is refused with 21610 until the customer sends an opt-in word
 * (help.twilio.com/articles/223134027; docs/consent.md).
 */
export const TWILIO_OPT_OUT_WORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
];

/** Twilio's default opt-in words: they take the number off Twilio's opt-out list. */
export const TWILIO_OPT_IN_WORDS: readonly string[] = ['START', 'YES', 'UNSTOP'];

/** What {@link providerKeywordOf} reads from the inbound webhook. */
export interface ProviderKeywordInput {
  channel: MessagingChannel;
  /** The message body as received. */
  body: string;
  /** The webhook's `OptOutType` (`STOP`, `START`, `HELP`), absent (`null`) when Twilio sent none. */
  optOutType: string | null;
}

/**
 * What Twilio did with an inbound message (pure):
 * - `OptOutType` when the webhook carries it: Twilio sends it only for a number in a Messaging
 *   Service with Advanced Opt-Out, which also covers the service's WhatsApp senders (WhatsApp
 *   keywords then opt out of WhatsApp only);
 * - otherwise, on SMS, Twilio's default handling: the whole body (trimmed, any case) is one of
 *   {@link TWILIO_OPT_OUT_WORDS} or {@link TWILIO_OPT_IN_WORDS};
 * - otherwise `null`: WhatsApp keywords without `OptOutType` change nothing at Twilio.
 *
 * @example
 * providerKeywordOf({ channel: 'sms', body: 'Stop', optOutType: null }); // 'STOP'
 * providerKeywordOf({ channel: 'sms', body: 'STOP merci', optOutType: null }); // null
 * providerKeywordOf({ channel: 'whatsapp', body: 'STOP', optOutType: null }); // null
 * providerKeywordOf({ channel: 'whatsapp', body: 'ARRET', optOutType: 'STOP' }); // 'STOP'
 */
export function providerKeywordOf(input: ProviderKeywordInput): ProviderKeyword | null {
  const type = input.optOutType?.trim().toUpperCase() ?? '';
  if (type === 'STOP' || type === 'START') return type;
  if (type !== '' || input.channel !== 'sms') return null;
  const word = input.body.trim().toUpperCase();
  if (TWILIO_OPT_OUT_WORDS.includes(word)) return 'STOP';
  if (TWILIO_OPT_IN_WORDS.includes(word)) return 'START';
  return null;
}
