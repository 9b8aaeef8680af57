/** A fault on one API request. `drop-after` processes the request, then drops the answer. */
export type RequestFault = '429' | '500' | 'slow' | 'drop' | 'drop-after';
/** Mischief on one message's status callbacks. */
export type CallbackFault = 'duplicate' | 'out-of-order';

const REQUEST_FAULTS: readonly RequestFault[] = ['429', '500', 'slow', 'drop', 'drop-after'];
const CALLBACK_FAULTS: readonly CallbackFault[] = ['duplicate', 'out-of-order'];

/** Per-request header naming a fault, e.g. `X-Sandbox-Fault: 429` or `slow=1500`. */
export const FAULT_HEADER = 'x-sandbox-fault';
/** Header on a create request asking for callback faults: `X-Sandbox-Callbacks: duplicate,out-of-order`. */
export const CALLBACK_FAULT_HEADER = 'x-sandbox-callbacks';

/** The fault chosen for one request, with its delay when slow. */
export interface RequestFaultDecision {
  kind: RequestFault;
  delayMs: number;
}

/** Configured rates, as {@link FaultOptions} after defaults. */
export interface FaultRates {
  rate429: number;
  rate500: number;
  rateSlow: number;
  slowMs: number;
  rateDrop: number;
  duplicateCallbacks: number;
  outOfOrderCallbacks: number;
  random: () => number;
}

/**
 * Decides which requests and messages misbehave: a fault named in the request header wins,
 * then faults queued with {@link FaultInjector.next}, then the configured random shares.
 */
export class FaultInjector {
  readonly #queuedRequests: RequestFault[] = [];
  readonly #queuedCallbacks: CallbackFault[][] = [];

  constructor(private readonly rates: FaultRates) {}

  /** Queues faults for the next API requests (one fault per request, in order). */
  next(...faults: RequestFault[]): void {
    this.#queuedRequests.push(...faults);
  }

  /** Queues callback faults for the next message created. */
  nextCallbacks(...faults: CallbackFault[]): void {
    this.#queuedCallbacks.push(faults);
  }

  /** The fault for this API request, or null. */
  forRequest(header: string | undefined): RequestFaultDecision | null {
    const named = parseRequestFault(header);
    if (named) return { kind: named.kind, delayMs: named.delayMs ?? this.rates.slowMs };
    const queued = this.#queuedRequests.shift();
    if (queued) return { kind: queued, delayMs: this.rates.slowMs };
    const { rate429, rate500, rateDrop, rateSlow, random } = this.rates;
    if (rate429 + rate500 + rateDrop + rateSlow <= 0) return null;
    const roll = random();
    const bands: [RequestFault, number][] = [
      ['429', rate429],
      ['500', rate500],
      ['drop', rateDrop],
      ['slow', rateSlow],
    ];
    let edge = 0;
    for (const [kind, rate] of bands) {
      edge += rate;
      if (roll < edge) return { kind, delayMs: this.rates.slowMs };
    }
    return null;
  }

  /** The callback faults for a new message. */
  forMessage(header: string | undefined): Set<CallbackFault> {
    const named = parseCallbackFaults(header);
    if (named.size > 0) return named;
    const queued = this.#queuedCallbacks.shift();
    if (queued) return new Set(queued);
    const chosen = new Set<CallbackFault>();
    const { duplicateCallbacks, outOfOrderCallbacks, random } = this.rates;
    // Roll only for configured shares, so a seeded random stays aligned with requests.
    if (duplicateCallbacks > 0 && random() < duplicateCallbacks) chosen.add('duplicate');
    if (outOfOrderCallbacks > 0 && random() < outOfOrderCallbacks) chosen.add('out-of-order');
    return chosen;
  }

  reset(): void {
    this.#queuedRequests.length = 0;
    this.#queuedCallbacks.length = 0;
  }
}

/** Reads `X-Sandbox-Fault` (`429`, `500`, `slow`, `slow=1500`, `drop`, `drop-after`). */
export function parseRequestFault(
  header: string | undefined,
): { kind: RequestFault; delayMs?: number } | null {
  if (!header) return null;
  const [name, value] = header.trim().toLowerCase().split('=');
  const kind = REQUEST_FAULTS.find((f) => f === name);
  if (!kind) return null;
  const delayMs = Number(value);
  return kind === 'slow' && Number.isFinite(delayMs) && delayMs >= 0 ? { kind, delayMs } : { kind };
}

/** Reads `X-Sandbox-Callbacks` (`duplicate`, `out-of-order`, comma-separated). */
export function parseCallbackFaults(header: string | undefined): Set<CallbackFault> {
  const names = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  return new Set(CALLBACK_FAULTS.filter((f) => names.includes(f)));
}

/** True when `value` names a request fault. */
export function isRequestFault(value: unknown): value is RequestFault {
  return REQUEST_FAULTS.some((f) => f === value);
}

/** True when `value` names a callback fault. */
export function isCallbackFault(value: unknown): value is CallbackFault {
  return CALLBACK_FAULTS.some((f) => f === value);
}
