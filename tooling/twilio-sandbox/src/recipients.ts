/** Twilio's default opt-out keywords (a reply that is exactly one of them, any case). */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
];
/** Twilio's default opt-in keywords. */
export const OPT_IN_KEYWORDS: readonly string[] = ['START', 'YES', 'UNSTOP'];

/** What a reply body means for opt-out handling. */
export type KeywordType = 'STOP' | 'START' | null;

/** Classifies a reply body: `STOP`-type, `START`-type, or neither. */
export function keywordType(
  body: string,
  optOut: readonly string[] = OPT_OUT_KEYWORDS,
  optIn: readonly string[] = OPT_IN_KEYWORDS,
): KeywordType {
  const word = body.trim().toUpperCase();
  if (optOut.includes(word)) return 'STOP';
  if (optIn.includes(word)) return 'START';
  return null;
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * What the sandbox remembers about customers: who opted out (21610) and when each WhatsApp
 * number last wrote in (the 24 h customer-service window).
 */
export class Recipients {
  readonly #optedOut = new Set<string>();
  readonly #lastWhatsAppInbound = new Map<string, number>();

  constructor(private readonly initialOptOuts: readonly string[]) {
    this.reset();
  }

  /** Opts a phone number out (channel prefix ignored: a STOP covers SMS and WhatsApp). */
  optOut(number: string): void {
    this.#optedOut.add(number);
  }

  optIn(number: string): void {
    this.#optedOut.delete(number);
  }

  isOptedOut(number: string): boolean {
    return this.#optedOut.has(number);
  }

  /** Records a WhatsApp message from this number, which opens its 24 h window. */
  openWindow(number: string, at: number): void {
    this.#lastWhatsAppInbound.set(number, at);
  }

  /** True when this number wrote in on WhatsApp within the last 24 h. */
  windowOpen(number: string, at: number): boolean {
    const last = this.#lastWhatsAppInbound.get(number);
    return last !== undefined && at - last < WINDOW_MS;
  }

  optedOutNumbers(): string[] {
    return [...this.#optedOut];
  }

  reset(): void {
    this.#optedOut.clear();
    this.#lastWhatsAppInbound.clear();
    for (const number of this.initialOptOuts) this.#optedOut.add(number);
  }
}
