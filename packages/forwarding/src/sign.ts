// HMAC-SHA256 signature of the worker → ingestion hand-off. Web Crypto only: the same file
// runs in workerd (signing) and in Node 20/22 (verifying in apps/functions).
import type { Outcome } from './result.ts';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'X-Omega-Signature';
/** Header carrying the event id, for idempotency on the ingestion side. */
export const EVENT_ID_HEADER = 'X-Omega-Event-Id';
/** How far a signature's timestamp may be from the verifier's clock, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

// No `CryptoKey` annotation: the functions side type-checks this file without the DOM lib.
function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * The `X-Omega-Signature` value for a body sent at `timestamp` (unix seconds).
 *
 * @example
 * const header = await signForwardedBody(secret, JSON.stringify(event), Math.floor(Date.now() / 1000));
 * // "t=1767225600,v1=5f0c…"
 */
export async function signForwardedBody(
  secret: string,
  body: string,
  timestamp: number,
): Promise<string> {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError('timestamp must be whole unix seconds');
  }
  const key = await hmacKey(secret, 'sign');
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`;
}

/** A parsed `X-Omega-Signature` header. */
export interface ForwardedSignature {
  /** Unix seconds the body was signed at. */
  timestamp: number;
  /** Every `v1` HMAC in the header (hex), lower-cased. */
  signatures: string[];
}

/** Why a forwarded request is not accepted. */
export type VerifyForwardedErrorCode =
  | 'missing_signature'
  | 'malformed_signature'
  | 'stale_timestamp'
  | 'bad_signature';

/** Parses `t=<digits>,v1=<64 hex>[,v1=…]`; unknown keys are ignored (future versions). */
export function parseSignatureHeader(header: string): ForwardedSignature | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (!/^\d{1,15}$/.test(value) || timestamp !== null) return null;
      timestamp = Number(value);
    } else if (name === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

/** Options of {@link verifyForwardedSignature}. */
export interface VerifyForwardedOptions {
  /** The shared secret, or several during a rotation (any one may have signed). */
  secret: string | readonly string[];
  /** The `X-Omega-Signature` header as received (`null`/`undefined` when absent). */
  header: string | null | undefined;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string;
  /** The verifier's clock, in unix seconds. */
  now: number;
  /** Accepted clock difference in seconds; defaults to {@link DEFAULT_TOLERANCE_SECONDS}. */
  toleranceSeconds?: number;
}

/**
 * Verifies a forwarded body's signature in constant time (`crypto.subtle.verify`) and that
 * it was signed within the tolerance, which bounds replays; duplicates inside the window are
 * handled by idempotent ingestion (event ids).
 *
 * @example
 * const check = await verifyForwardedSignature({ secret, header: req.get(SIGNATURE_HEADER), body: rawBody, now: nowSeconds });
 * if (!check.ok) return res.status(401).send(check.error.code);
 */
export async function verifyForwardedSignature(
  options: VerifyForwardedOptions,
): Promise<Outcome<{ timestamp: number }, VerifyForwardedErrorCode>> {
  if (!options.header) {
    return { ok: false, error: { code: 'missing_signature', message: `no ${SIGNATURE_HEADER}` } };
  }
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) {
    return {
      ok: false,
      error: { code: 'malformed_signature', message: 'expected t=<unix>,v1=<hex sha256>' },
    };
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.now - parsed.timestamp) > tolerance) {
    return {
      ok: false,
      error: {
        code: 'stale_timestamp',
        message: `signed at ${parsed.timestamp}, now ${options.now}, tolerance ${tolerance}s`,
      },
    };
  }
  const data = encoder.encode(`${parsed.timestamp}.${options.body}`);
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const key = await hmacKey(secret, 'verify');
    for (const signature of parsed.signatures) {
      if (await crypto.subtle.verify('HMAC', key, fromHex(signature), data)) {
        return { ok: true, value: { timestamp: parsed.timestamp } };
      }
    }
  }
  return { ok: false, error: { code: 'bad_signature', message: 'no signature matches the body' } };
}
