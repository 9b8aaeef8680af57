// The worker's only reading of its environment: bindings typed once, validated once per
// isolate (cached per bindings object), with every bad variable listed at once.
// A small validator instead of zod: zod 4 would add ~100 KB gzipped to a ~20 KB worker.
// Same rules as @omega/config's parseEnv: empty strings count as unset.
import type { EnvIssue } from '@omega/config/env';
import type { ForwardedEvent } from '@omega/forwarding';

/** Bindings and variables as Cloudflare passes them (`c.env`, the `queue()` env). */
export interface Bindings {
  /** Secret: the Twilio account's primary auth token (signs every webhook). */
  TWILIO_AUTH_TOKEN: string;
  /** Public origin Twilio calls (custom domain or proxy), e.g. `https://hooks.example.fr`. */
  PUBLIC_BASE_URL?: string;
  /** Connection-override fragment configured on status callback URLs, e.g. `rc=3&rp=ct,rt,5xx`. */
  STATUS_CALLBACK_FRAGMENT?: string;
  /** Connection-override fragment configured on the inbound message webhook URL. */
  INBOUND_FRAGMENT?: string;
  /** The functions' ingestion endpoint the queue consumer POSTs events to. */
  INGEST_URL: string;
  /** Secret: HMAC-SHA256 key shared with the ingestion endpoint (≥ 32 characters). */
  INGEST_SECRET: string;
  /** Largest accepted webhook body in bytes (default 65536, at most 98304). */
  MAX_BODY_BYTES?: string;
  /**
   * First delay in seconds before a dead-lettered event is offered to ingestion again (default
   * 600; doubles per try up to 3 h). Tests shorten it.
   */
  DEAD_LETTER_RETRY_SECONDS?: string;
  /** Queue producer binding receiving every accepted event. */
  EVENTS_QUEUE: Queue<ForwardedEvent>;
}

/** The validated configuration. */
export interface WorkerEnv {
  TWILIO_AUTH_TOKEN: string;
  /** Without trailing slash. */
  PUBLIC_BASE_URL: string | undefined;
  /** Without leading `#`. */
  STATUS_CALLBACK_FRAGMENT: string | undefined;
  INBOUND_FRAGMENT: string | undefined;
  INGEST_URL: string;
  INGEST_SECRET: string;
  MAX_BODY_BYTES: number;
  DEAD_LETTER_RETRY_SECONDS: number;
  EVENTS_QUEUE: Queue<ForwardedEvent>;
}

/** Thrown when the bindings are invalid: a deploy mistake, answered 500 by `onError`. */
export class WorkerEnvError extends Error {
  readonly issues: readonly EnvIssue[];

  constructor(issues: readonly EnvIssue[]) {
    super(
      `webhook-edge: invalid environment\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}\nSee apps/webhook-edge/README.md for every variable.`,
    );
    this.name = 'WorkerEnvError';
    this.issues = issues;
  }
}

/** Default `MAX_BODY_BYTES`: 64 KiB, far above any Twilio messaging webhook. */
export const DEFAULT_MAX_BODY_BYTES = 65_536;
/**
 * Largest allowed `MAX_BODY_BYTES`: a queued event (the body's parameters as JSON) must stay
 * under Cloudflare Queues' 128 KB message limit.
 */
export const MAX_BODY_BYTES_LIMIT = 98_304;

/** Default `DEAD_LETTER_RETRY_SECONDS`: 10 minutes before the first replay of a dead letter. */
export const DEFAULT_DEAD_LETTER_RETRY_SECONDS = 600;

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}

function validate(bindings: Bindings): WorkerEnv {
  const raw = bindings as unknown as Record<string, unknown>;
  const issues: EnvIssue[] = [];
  const text = (name: keyof Bindings): string | undefined => {
    const value = raw[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
    issues.push({ variable: name, message: 'must be a string' });
    return undefined;
  };
  const required = (name: keyof Bindings): string => {
    const value = text(name);
    if (value === undefined) issues.push({ variable: name, message: 'is required but not set' });
    return value ?? '';
  };
  const url = (name: keyof Bindings, value: string | undefined): string | undefined => {
    if (value === undefined || value === '') return value;
    if (httpUrl(value)) return value;
    issues.push({ variable: name, message: 'must be an http(s) URL' });
    return undefined;
  };

  const token = required('TWILIO_AUTH_TOKEN');
  const base = url('PUBLIC_BASE_URL', text('PUBLIC_BASE_URL'));
  if (base && /[?#]/.test(base)) {
    issues.push({ variable: 'PUBLIC_BASE_URL', message: 'must have no query or fragment' });
  }
  const ingestUrl = url('INGEST_URL', required('INGEST_URL')) ?? '';
  const secret = required('INGEST_SECRET');
  if (secret && secret.length < 32) {
    issues.push({ variable: 'INGEST_SECRET', message: 'must be at least 32 characters' });
  }
  const maxBodyText = text('MAX_BODY_BYTES');
  const maxBody = maxBodyText === undefined ? DEFAULT_MAX_BODY_BYTES : Number(maxBodyText);
  if (!Number.isInteger(maxBody) || maxBody < 1024 || maxBody > MAX_BODY_BYTES_LIMIT) {
    issues.push({
      variable: 'MAX_BODY_BYTES',
      message: `must be an integer from 1024 to ${MAX_BODY_BYTES_LIMIT}`,
    });
  }
  const dlqText = text('DEAD_LETTER_RETRY_SECONDS');
  const dlqRetry = dlqText === undefined ? DEFAULT_DEAD_LETTER_RETRY_SECONDS : Number(dlqText);
  if (!Number.isInteger(dlqRetry) || dlqRetry < 1 || dlqRetry > 43_200) {
    issues.push({
      variable: 'DEAD_LETTER_RETRY_SECONDS',
      message: 'must be an integer from 1 to 43200 (seconds)',
    });
  }
  const queue = raw.EVENTS_QUEUE as { send?: unknown } | undefined;
  if (typeof queue !== 'object' || queue === null || typeof queue.send !== 'function') {
    issues.push({ variable: 'EVENTS_QUEUE', message: 'must be a Queue producer binding' });
  }
  if (issues.length > 0) throw new WorkerEnvError(issues);
  const fragment = (name: keyof Bindings) => text(name)?.replace(/^#/, '') || undefined;
  return {
    TWILIO_AUTH_TOKEN: token,
    PUBLIC_BASE_URL: base?.replace(/\/+$/, ''),
    STATUS_CALLBACK_FRAGMENT: fragment('STATUS_CALLBACK_FRAGMENT'),
    INBOUND_FRAGMENT: fragment('INBOUND_FRAGMENT'),
    INGEST_URL: ingestUrl,
    INGEST_SECRET: secret,
    MAX_BODY_BYTES: maxBody,
    DEAD_LETTER_RETRY_SECONDS: dlqRetry,
    EVENTS_QUEUE: bindings.EVENTS_QUEUE,
  };
}

const validated = new WeakMap<object, WorkerEnv>();

/**
 * Validates the bindings the first time an isolate sees them and returns the cached result
 * afterwards. Throws {@link WorkerEnvError} listing every bad variable.
 */
export function readEnv(bindings: Bindings): WorkerEnv {
  const cached = validated.get(bindings);
  if (cached) return cached;
  const env = validate(bindings);
  validated.set(bindings, env);
  return env;
}
