import type { SandboxChannel } from './addresses.ts';

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

/** The channels an opt-out covers: one, or both (a number opted out from the start). */
export type OptOutScope = SandboxChannel | 'any';

const BOTH: readonly SandboxChannel[] = ['sms', 'whatsapp'];

/**
 * What the sandbox remembers about customers: who opted out of which channel (21610) and when
 * each WhatsApp number last wrote in (the 24 h customer-service window).
 *
 * Opt-outs follow Twilio's scope: per channel, for the sender — and for the whole Messaging
 * Service the sender belongs to. The sandbox plays one Messaging Service holding every sender,
 * so an opt-out covers every sender of that channel. An SMS STOP never blocks WhatsApp, and a
 * WhatsApp STOP (Advanced Opt-Out applies to the service's WhatsApp senders) never blocks SMS
 * (help.twilio.com 223134027 and 360034798533; docs/consent.md).
 */
export class Recipients {
  readonly #optedOut = new Map<string, Set<SandboxChannel>>();
  readonly #lastWhatsAppInbound = new Map<string, number>();

  constructor(private readonly initialOptOuts: readonly string[]) {
    this.reset();
  }

  /**
   * Opts a phone number out of `channel` (default `any`: both, as for the numbers opted out
   * from the start).
   */
  optOut(number: string, channel: OptOutScope = 'any'): void {
    const channels = this.#optedOut.get(number) ?? new Set<SandboxChannel>();
    for (const c of channel === 'any' ? BOTH : [channel]) channels.add(c);
    this.#optedOut.set(number, channels);
  }

  /** Opts a phone number back in to `channel` (default `any`: both). */
  optIn(number: string, channel: OptOutScope = 'any'): void {
    const channels = this.#optedOut.get(number);
    if (!channels) return;
    for (const c of channel === 'any' ? BOTH : [channel]) channels.delete(c);
    if (channels.size === 0) this.#optedOut.delete(number);
  }

  /** Whether a send to `number` on `channel` is refused (21610); without a channel: either. */
  isOptedOut(number: string, channel?: SandboxChannel): boolean {
    const channels = this.#optedOut.get(number);
    if (!channels) return false;
    return channel === undefined ? channels.size > 0 : channels.has(channel);
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

  /** Numbers opted out of at least one channel. */
  optedOutNumbers(): string[] {
    return [...this.#optedOut.keys()];
  }

  /** Every opt-out: the number and the channels it covers. */
  optOuts(): Array<{ number: string; channels: SandboxChannel[] }> {
    return [...this.#optedOut].map(([number, channels]) => ({
      number,
      channels: BOTH.filter((c) => channels.has(c)),
    }));
  }

  reset(): void {
    this.#optedOut.clear();
    this.#lastWhatsAppInbound.clear();
    for (const number of this.initialOptOuts) this.optOut(number);
  }
}
