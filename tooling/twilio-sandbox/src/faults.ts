/**
 * A fault on one API request.
 * - `429`, `500`: a Twilio error, the request is not processed.
 * - `slow`: the answer comes after a delay.
 * - `drop`: the connection is closed before processing (nothing created).
 * - `drop-after`: processed, then the connection is closed (FIN) instead of answering; the
 *   client sees "socket hang up".
 * - `reset-after`: processed, then the connection is reset (TCP RST); the client sees
 *   `ECONNRESET` ("read ECONNRESET").
 * - `hang-after`: processed, then no answer at all: the socket stays open until the client
 *   gives up or the sandbox stops (accept-then-hang).
 */
export type RequestFault =
  | '429'
  | '500'
  | 'slow'
  | 'drop'
  | 'drop-after'
  | 'reset-after'
  | 'hang-after';
/** A request fault with its parameter: `slow=1500` (delay, ms), `429=5` (`Retry-After`, s). */
export type RequestFaultSpec = RequestFault | `slow=${number}` | `429=${number}`;
/**
 * Mischief on one message's status callbacks: `duplicate` (each sent twice), `out-of-order`
 * (`sent` after the final one), `late` (each one delayed). They combine.
 */
export type CallbackFault = 'duplicate' | 'out-of-order' | 'late';
/** A callback fault with its parameter: `late=3000` (delay of every callback, ms). */
export type CallbackFaultSpec = CallbackFault | `late=${number}`;

const REQUEST_FAULTS: readonly RequestFault[] = [
  '429',
  '500',
  'slow',
  'drop',
  'drop-after',
  'reset-after',
  'hang-after',
];
const CALLBACK_FAULTS: readonly CallbackFault[] = ['duplicate', 'out-of-order', 'late'];
/** Request faults that let the request be processed, then withhold the answer. */
export const AFTER_FAULTS: ReadonlySet<RequestFault> = new Set([
  'drop-after',
  'reset-after',
  'hang-after',
]);

/** Per-request header naming a fault, e.g. `X-Sandbox-Fault: 429`, `429=5` or `slow=1500`. */
export const FAULT_HEADER = 'x-sandbox-fault';
/** Header on a create asking for callback faults: `X-Sandbox-Callbacks: duplicate,late=3000`. */
export const CALLBACK_FAULT_HEADER = 'x-sandbox-callbacks';

/** The fault chosen for one request, with its parameters. */
export interface RequestFaultDecision {
  kind: RequestFault;
  /** Delay of a `slow` answer, ms. */
  delayMs: number;
  /** `Retry-After` of a `429`, seconds. */
  retryAfterSeconds: number;
}

/** The callback faults of one message. */
export interface CallbackFaults {
  kinds: ReadonlySet<CallbackFault>;
  /** Delay of every status callback when `kinds` has `late`, ms. */
  lateMs: number;
}

/** No callback mischief. */
export const NO_CALLBACK_FAULTS: CallbackFaults = { kinds: new Set(), lateMs: 0 };

/** Configured rates, as `FaultOptions` after defaults. */
export interface FaultRates {
  rate429: number;
  rate500: number;
  rateSlow: number;
  slowMs: number;
  rateDrop: number;
  rateDropAfter: number;
  rateResetAfter: number;
  rateHangAfter: number;
  retryAfterSeconds: number;
  duplicateCallbacks: number;
  outOfOrderCallbacks: number;
  lateCallbacks: number;
  lateMs: number;
  random: () => number;
}

/** What a fault name says about itself (`slow=1500` → delayMs). */
interface ParsedRequestFault {
  kind: RequestFault;
  delayMs?: number;
  retryAfterSeconds?: number;
}

interface ParsedCallbackFaults {
  kinds: Set<CallbackFault>;
  lateMs?: number;
}

/**
 * Decides which requests and messages misbehave: a fault named in the request header wins,
 * then faults queued with {@link FaultInjector.next}, then the configured random shares.
 */
export class FaultInjector {
  readonly #queuedRequests: ParsedRequestFault[] = [];
  readonly #queuedCallbacks: ParsedCallbackFaults[] = [];

  constructor(private readonly rates: FaultRates) {}

  /** Queues faults for the next API requests (one fault per request, in order). */
  next(...faults: RequestFaultSpec[]): void {
    for (const spec of faults) {
      const parsed = isRequestFault(spec) ? parseRequestFault(spec) : null;
      if (!parsed) throw new Error(`twilio-sandbox: unknown request fault ${String(spec)}`);
      this.#queuedRequests.push(parsed);
    }
  }

  /** Queues callback faults for the next message created (they combine). */
  nextCallbacks(...faults: CallbackFaultSpec[]): void {
    const unknown = faults.filter((f) => !isCallbackFault(f));
    if (unknown.length > 0) {
      throw new Error(`twilio-sandbox: unknown callback fault ${unknown.join(', ')}`);
    }
    this.#queuedCallbacks.push(parseCallbackFaults(faults.join(',')));
  }

  /** The fault for this API request, or null. */
  forRequest(header: string | undefined): RequestFaultDecision | null {
    const chosen = parseRequestFault(header) ?? this.#queuedRequests.shift() ?? this.#roll();
    if (!chosen) return null;
    return {
      kind: chosen.kind,
      delayMs: chosen.delayMs ?? this.rates.slowMs,
      retryAfterSeconds: chosen.retryAfterSeconds ?? this.rates.retryAfterSeconds,
    };
  }

  #roll(): ParsedRequestFault | null {
    const { random } = this.rates;
    // New bands go at the end, so a seeded run keeps the faults it had before they existed.
    const bands: [RequestFault, number][] = [
      ['429', this.rates.rate429],
      ['500', this.rates.rate500],
      ['drop', this.rates.rateDrop],
      ['slow', this.rates.rateSlow],
      ['hang-after', this.rates.rateHangAfter],
      ['reset-after', this.rates.rateResetAfter],
      ['drop-after', this.rates.rateDropAfter],
    ];
    if (bands.every(([, rate]) => rate <= 0)) return null;
    const roll = random();
    let edge = 0;
    for (const [kind, rate] of bands) {
      edge += rate;
      if (roll < edge) return { kind };
    }
    return null;
  }

  /** The callback faults for a new message. */
  forMessage(header: string | undefined): CallbackFaults {
    const named = parseCallbackFaults(header);
    const chosen =
      named.kinds.size > 0 ? named : (this.#queuedCallbacks.shift() ?? this.#rollCallbacks());
    return { kinds: chosen.kinds, lateMs: chosen.lateMs ?? this.rates.lateMs };
  }

  #rollCallbacks(): ParsedCallbackFaults {
    const kinds = new Set<CallbackFault>();
    const { duplicateCallbacks, outOfOrderCallbacks, lateCallbacks, random } = this.rates;
    // Roll only for configured shares, so a seeded random stays aligned with requests.
    if (duplicateCallbacks > 0 && random() < duplicateCallbacks) kinds.add('duplicate');
    if (outOfOrderCallbacks > 0 && random() < outOfOrderCallbacks) kinds.add('out-of-order');
    if (lateCallbacks > 0 && random() < lateCallbacks) kinds.add('late');
    return { kinds };
  }

  reset(): void {
    this.#queuedRequests.length = 0;
    this.#queuedCallbacks.length = 0;
  }
}

function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/**
 * Reads a request fault as `X-Sandbox-Fault` and the fault queue name it: `429`, `429=5`
 * (`Retry-After: 5`), `500`, `slow`, `slow=1500`, `drop`, `drop-after`, `reset-after`,
 * `hang-after`. Null when it names none.
 */
export function parseRequestFault(spec: string | undefined): ParsedRequestFault | null {
  if (!spec) return null;
  const [name, value] = spec.trim().toLowerCase().split('=');
  const kind = REQUEST_FAULTS.find((f) => f === name);
  if (!kind) return null;
  const n = wholeNumber(value);
  if (kind === 'slow' && n !== undefined) return { kind, delayMs: n };
  if (kind === '429' && n !== undefined) return { kind, retryAfterSeconds: n };
  return { kind };
}

/** Reads `X-Sandbox-Callbacks`: `duplicate`, `out-of-order`, `late`, `late=3000`, comma-separated. */
export function parseCallbackFaults(header: string | undefined): ParsedCallbackFaults {
  const parsed: ParsedCallbackFaults = { kinds: new Set() };
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, value] = part.trim().split('=');
    const kind = CALLBACK_FAULTS.find((f) => f === name);
    if (!kind) continue;
    parsed.kinds.add(kind);
    const n = wholeNumber(value);
    if (kind === 'late' && n !== undefined) parsed.lateMs = n;
  }
  return parsed;
}

const REQUEST_SPEC = /^(?:429|500|slow|drop|drop-after|reset-after|hang-after|(?:slow|429)=\d+)$/i;
const CALLBACK_SPEC = /^(?:duplicate|out-of-order|late|late=\d+)$/i;

/** True when `value` is a well-formed request fault (`hang-after`, `slow=1500`, `429=5`…). */
export function isRequestFault(value: unknown): value is RequestFaultSpec {
  return typeof value === 'string' && REQUEST_SPEC.test(value.trim());
}

/** True when `value` is a well-formed callback fault (`duplicate`, `late`, `late=3000`…). */
export function isCallbackFault(value: unknown): value is CallbackFaultSpec {
  return typeof value === 'string' && CALLBACK_SPEC.test(value.trim());
}

/** The callback faults as the header would name them, e.g. `['duplicate', 'late=3000']`. */
export function describeCallbackFaults(faults: CallbackFaults): string[] {
  return CALLBACK_FAULTS.filter((f) => faults.kinds.has(f)).map((f) =>
    f === 'late' ? `late=${faults.lateMs}` : f,
  );
}
