import { seededRandom } from '@omega/core';
import type { FaultRates } from './faults.ts';
import { MAGIC_OPTED_OUT } from './magic-numbers.ts';
import { type PriceTable, resolvePrices } from './prices.ts';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './recipients.ts';

/**
 * Delays (ms) before each status change after the create response. `instant` (all 0) suits
 * tests; `demo` is human-paced so the inbox and the dashboard can be watched.
 */
export interface CallbackDelays {
  /** accepted/scheduled → queued (Messaging Service sends). */
  queued: number;
  /** queued → sending. A wait longer than `ValidityPeriod` fails the message with 30036. */
  sending: number;
  /** sending → sent. */
  sent: number;
  /** sent → delivered / undelivered, or queued → failed. */
  final: number;
  /** delivered → read (WhatsApp). */
  read: number;
}

/** Named timing presets. */
export const CALLBACK_DELAY_PRESETS: Readonly<Record<'instant' | 'demo', CallbackDelays>> = {
  instant: { queued: 0, sending: 0, sent: 0, final: 0, read: 0 },
  demo: { queued: 500, sending: 700, sent: 1_500, final: 2_500, read: 4_000 },
};

/**
 * Shares (0–1) of API requests that fail on purpose, and callback mischief. The request shares
 * are bands of one roll per API request, so together they must not exceed 1.
 *
 * @example
 * // A chaos run: 20 % 429, 5 % 500, 5 % accept-then-hang, 2 % reset, reproducible.
 * start({ faults: { rate429: 0.2, rate500: 0.05, rateHangAfter: 0.05, rateResetAfter: 0.02, seed: 42 } });
 */
export interface FaultOptions {
  /** Share of API requests answered 429 with code 20429 and `Retry-After` (never processed). */
  rate429?: number;
  /** `Retry-After` of a 429, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Share of API requests answered 500 (never processed). */
  rate500?: number;
  /** Share of API requests answered after `slowMs`. */
  rateSlow?: number;
  /** Delay of a slow response, ms (default 3000). */
  slowMs?: number;
  /** Share of API requests whose connection is closed without an answer (never processed). */
  rateDrop?: number;
  /** Share of API requests processed, then closed (FIN) without an answer ("socket hang up"). */
  rateDropAfter?: number;
  /** Share of API requests processed, then reset (TCP RST) without an answer (ECONNRESET). */
  rateResetAfter?: number;
  /** Share of API requests processed, then never answered: the socket stays open (a hang). */
  rateHangAfter?: number;
  /** Share of messages whose status callbacks are each sent twice. */
  duplicateCallbacks?: number;
  /** Share of messages whose `sent` callback arrives after the final one. */
  outOfOrderCallbacks?: number;
  /** Share of messages whose status callbacks each arrive `lateMs` after the status change. */
  lateCallbacks?: number;
  /** Delay of a late callback, ms (default 3000). */
  lateMs?: number;
  /** Random source in [0, 1) (inject a seeded one for reproducible runs). */
  random?: () => number;
  /** Seed of the built-in seeded random, core's `seededRandom` (ignored when `random` is given). */
  seed?: number;
}

/** Content API behaviour. */
export interface ContentOptions {
  /** Delay before a WhatsApp approval request is decided, ms (default 0). */
  approvalDelayMs?: number;
  /** Template names (`name` of the approval request) that WhatsApp rejects. */
  rejectNames?: readonly string[];
}

/** Options of {@link start}. Everything has a default; `start()` alone gives a working sandbox. */
export interface SandboxOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Account SID the API accepts (default `AC` + 32 zeros). */
  accountSid?: string;
  /** Auth token: checks Basic auth and signs every webhook (default `sandbox-auth-token`). */
  authToken?: string;
  /** Lifecycle timing: a preset name or per-step delays (default `instant`). */
  callbackDelays?: 'instant' | 'demo' | Partial<CallbackDelays>;
  /** Pause between webhook retries, ms (default 0; Twilio retries at once). */
  retryDelayMs?: number;
  /** Fault injection for reliability tests (default: none). */
  faults?: FaultOptions;
  /** Price table (merged over the defaults). */
  prices?: Partial<PriceTable>;
  /** Where simulated customer replies are POSTed (Twilio's "A message comes in" webhook). */
  inboundUrl?: string;
  /** Enforce WhatsApp's 24 h window for free text (63016); default true. */
  whatsappWindow?: boolean;
  /** Numbers opted out from the start (21610), in addition to the magic one. */
  optedOut?: readonly string[];
  /** Opt-out keywords (default Twilio's: STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, …). */
  optOutKeywords?: readonly string[];
  /** Opt-in keywords (default START, YES, UNSTOP). */
  optInKeywords?: readonly string[];
  /** Content API behaviour. */
  content?: ContentOptions;
  /** Sender a Messaging Service send gets when the request has no `From`. */
  defaultSenders?: { sms?: string; whatsapp?: string };
  /** Send scheduled messages after this delay (ms) instead of at `SendAt` (for tests and demos). */
  scheduledSendDelayMs?: number;
  /** Allowed `SendAt` lead time, seconds (default 300 to 35 days). */
  scheduling?: { minLeadSeconds?: number; maxLeadSeconds?: number };
  /** Log lines (default: none). The CLI passes `console.log`. */
  log?: (line: string) => void;
  /**
   * The inbox page links message bodies' URLs; links on `domain` (the short links SMS carry,
   * `https://<domain>/t/<id>`) open on `localOrigin` instead (e.g. the local stack's customer
   * landing pages). Default: every link opens as written.
   */
  shortLinks?: InboxShortLinks;
}

/** Where the inbox sends the short links it finds in message bodies. */
export interface InboxShortLinks {
  /** The short-link domain (`SHORT_LINK_DOMAIN`, e.g. `omega.test`). */
  domain: string;
  /** The origin that serves those paths locally (`http://127.0.0.1:5001`). */
  localOrigin: string;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  host: string;
  accountSid: string;
  authToken: string;
  delays: CallbackDelays;
  retryDelayMs: number;
  faults: FaultRates;
  prices: PriceTable;
  inboundUrl: string | undefined;
  whatsappWindow: boolean;
  optedOut: string[];
  optOutKeywords: readonly string[];
  optInKeywords: readonly string[];
  content: Required<ContentOptions>;
  defaultSenders: { sms: string; whatsapp: string };
  scheduledSendDelayMs: number | undefined;
  scheduling: { minLeadSeconds: number; maxLeadSeconds: number };
  log: (line: string) => void;
  shortLinks: InboxShortLinks | undefined;
}

/** Default account SID: obviously fake, but shaped like Twilio's (`AC` + 32 hex). */
export const DEFAULT_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
/** Default auth token. Not a secret: the sandbox sends nothing anywhere. */
export const DEFAULT_AUTH_TOKEN = 'sandbox-auth-token';

function resolveDelays(value: SandboxOptions['callbackDelays']): CallbackDelays {
  if (value === undefined) return CALLBACK_DELAY_PRESETS.instant;
  if (typeof value === 'string') return CALLBACK_DELAY_PRESETS[value];
  return { ...CALLBACK_DELAY_PRESETS.instant, ...value };
}

function stripChannel(number: string): string {
  return number.replace(/^whatsapp:/i, '');
}

const SHARES = [
  'rate429',
  'rate500',
  'rateSlow',
  'rateDrop',
  'rateDropAfter',
  'rateResetAfter',
  'rateHangAfter',
  'duplicateCallbacks',
  'outOfOrderCallbacks',
  'lateCallbacks',
] as const;
const REQUEST_SHARES = SHARES.slice(0, 7);
const DURATIONS = ['slowMs', 'lateMs', 'retryAfterSeconds'] as const;

/** Fault options with defaults; throws on a share outside 0–1 or request shares over 1. */
function resolveFaults(faults: FaultOptions): FaultRates {
  for (const name of SHARES) {
    const value = faults[name];
    if (value !== undefined && !(value >= 0 && value <= 1)) {
      throw new Error(`twilio-sandbox: faults.${name} must be a share from 0 to 1, not ${value}`);
    }
  }
  for (const name of DURATIONS) {
    const value = faults[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw new Error(`twilio-sandbox: faults.${name} must be a whole number ≥ 0, not ${value}`);
    }
  }
  const total = REQUEST_SHARES.reduce((sum, name) => sum + (faults[name] ?? 0), 0);
  if (total > 1 + 1e-9) {
    throw new Error(`twilio-sandbox: the request fault shares add up to ${total}, more than 1`);
  }
  return {
    rate429: faults.rate429 ?? 0,
    rate500: faults.rate500 ?? 0,
    rateSlow: faults.rateSlow ?? 0,
    slowMs: faults.slowMs ?? 3_000,
    rateDrop: faults.rateDrop ?? 0,
    rateDropAfter: faults.rateDropAfter ?? 0,
    rateResetAfter: faults.rateResetAfter ?? 0,
    rateHangAfter: faults.rateHangAfter ?? 0,
    // 1 s: short enough for tests, long enough to show whether a sender honours the header.
    retryAfterSeconds: faults.retryAfterSeconds ?? 1,
    duplicateCallbacks: faults.duplicateCallbacks ?? 0,
    outOfOrderCallbacks: faults.outOfOrderCallbacks ?? 0,
    lateCallbacks: faults.lateCallbacks ?? 0,
    lateMs: faults.lateMs ?? 3_000,
    random:
      faults.random ?? (faults.seed === undefined ? Math.random : seededRandom(faults.seed).next),
  };
}

/** Fills in every default. */
export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    accountSid: options.accountSid ?? DEFAULT_ACCOUNT_SID,
    authToken: options.authToken ?? DEFAULT_AUTH_TOKEN,
    delays: resolveDelays(options.callbackDelays),
    retryDelayMs: options.retryDelayMs ?? 0,
    faults: resolveFaults(options.faults ?? {}),
    prices: resolvePrices(options.prices),
    inboundUrl: options.inboundUrl,
    whatsappWindow: options.whatsappWindow ?? true,
    optedOut: [...MAGIC_OPTED_OUT, ...(options.optedOut ?? []).map(stripChannel)],
    optOutKeywords: options.optOutKeywords ?? OPT_OUT_KEYWORDS,
    optInKeywords: options.optInKeywords ?? OPT_IN_KEYWORDS,
    content: {
      approvalDelayMs: options.content?.approvalDelayMs ?? 0,
      rejectNames: options.content?.rejectNames ?? [],
    },
    defaultSenders: {
      sms: options.defaultSenders?.sms ?? 'SANDBOX',
      whatsapp: options.defaultSenders?.whatsapp ?? 'whatsapp:+14155238886',
    },
    scheduledSendDelayMs: options.scheduledSendDelayMs,
    scheduling: {
      minLeadSeconds: options.scheduling?.minLeadSeconds ?? 300,
      maxLeadSeconds: options.scheduling?.maxLeadSeconds ?? 35 * 86_400,
    },
    log: options.log ?? (() => {}),
    shortLinks: options.shortLinks,
  };
}
