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
 * here: in a repair shop "cancel" usually means "cancel my repair", which staff must read.
 */

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
