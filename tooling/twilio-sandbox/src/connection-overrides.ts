/** A reason to retry a webhook, as Twilio names them in `rp`. */
export type RetryReason = '4xx' | '5xx' | 'ct' | 'rt';

/** Twilio's webhook connection overrides (`#ct=…&rt=…&tt=…&rc=…&rp=…`), with its defaults. */
export interface ConnectionOverrides {
  /** `ct`: connect timeout, ms (100–10000, default 5000). */
  connectTimeoutMs: number;
  /** `rt`: read timeout, ms (100–15000, default 15000). */
  readTimeoutMs: number;
  /** `tt`: total time including retries, ms (100–15000, default 15000). */
  totalTimeMs: number;
  /** `rc`: retries after the first attempt (0–5, default 1). */
  retryCount: number;
  /** `rp`: what is retried (default `ct` only; `all` means all four). */
  retryPolicy: ReadonlySet<RetryReason>;
}

/** The URL to call (fragment removed) and the overrides its fragment asked for. */
export interface CallbackTarget {
  url: string;
  overrides: ConnectionOverrides;
}

const RETRY_REASONS: readonly RetryReason[] = ['4xx', '5xx', 'ct', 'rt'];

function bounded(raw: string | null, min: number, max: number, fallback: number): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function retryPolicy(raw: string | null): ReadonlySet<RetryReason> {
  if (raw === null) return new Set<RetryReason>(['ct']);
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.includes('all')) return new Set(RETRY_REASONS);
  return new Set(RETRY_REASONS.filter((r) => parts.includes(r)));
}

/**
 * Splits a callback URL into what is requested (scheme, host, path, query) and the connection
 * overrides in its fragment. The fragment is never sent and is not part of the signed URL.
 */
export function parseCallbackUrl(raw: string): CallbackTarget {
  const hashAt = raw.indexOf('#');
  const url = hashAt === -1 ? raw : raw.slice(0, hashAt);
  const fragment = new URLSearchParams(hashAt === -1 ? '' : raw.slice(hashAt + 1));
  return {
    url,
    overrides: {
      connectTimeoutMs: bounded(fragment.get('ct'), 100, 10_000, 5_000),
      readTimeoutMs: bounded(fragment.get('rt'), 100, 15_000, 15_000),
      totalTimeMs: bounded(fragment.get('tt'), 100, 15_000, 15_000),
      retryCount: bounded(fragment.get('rc'), 0, 5, 1),
      retryPolicy: retryPolicy(fragment.get('rp')),
    },
  };
}
