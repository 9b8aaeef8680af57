// Staff sends carry an idempotency key (one per click, chosen by the dashboard): the same key
// twice sends once and answers what the first request recorded.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError } from '../http/index.ts';
import type { StaffEnv } from './auth.ts';

/** The request header carrying the key (the common convention, IETF draft `Idempotency-Key`). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

/** The staff routes that send, each its own key scope. */
export type StaffSendRoute =
  | 'conversation_reply'
  | 'test_message'
  | 'payment_reminder'
  | 'urgent_message';

/** What a key names on one route: the id its message is recorded under, and the request. */
export interface IdempotentRequest {
  /** Hash of (staff member, route, its path parameters, key): names the history document. */
  id: string;
  /** Hash of the validated body, compared on a replay. */
  fingerprint: string;
}

/**
 * Reads the request's `Idempotency-Key`: 400 `idempotency_key_required` without one,
 * 400 `invalid_idempotency_key` unless it is 8–128 characters of `A-Z a-z 0-9 _ -`.
 */
export function idempotencyKey(c: Context<StaffEnv>): string {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || key === '')
    throw new ApiError(
      400,
      'idempotency_key_required',
      `En-tête ${IDEMPOTENCY_HEADER} manquant : chaque envoi porte une clé unique par clic (8 à 128 caractères A-Z a-z 0-9 _ -).`,
    );
  if (!KEY_PATTERN.test(key))
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      `En-tête ${IDEMPOTENCY_HEADER} invalide : 8 à 128 caractères A-Z a-z 0-9 _ - (par exemple un UUID).`,
    );
  return key;
}

/**
 * The request a key names: the key is scoped to the signed-in staff member, the route and its
 * path parameters (the conversation, the ticket) — two staff members, two routes or two
 * conversations never share a send — and hashed (the stored id reveals nothing of the key).
 * `body` (validated) is what the key must keep meaning: the same key with another body is
 * refused.
 */
export function idempotentRequest(
  c: Context<StaffEnv>,
  route: StaffSendRoute,
  params: Readonly<Record<string, string>>,
  body: unknown,
): IdempotentRequest {
  const key = idempotencyKey(c);
  return {
    id: sha256(canonicalJson([c.var.staff.uid, route, params, key])).slice(0, 40),
    fingerprint: sha256(canonicalJson(body)),
  };
}

/** The answer to a key reused with another request: nothing is sent. */
export function idempotencyKeyReused(): ApiError {
  return new ApiError(
    409,
    'idempotency_key_reused',
    `Cette clé ${IDEMPOTENCY_HEADER} a déjà servi pour une autre demande : rien n’a été envoyé. Une nouvelle demande prend une nouvelle clé.`,
  );
}

/** The answer to a key whose first request is still sending (retry with the same key). */
export function requestInProgress(): ApiError {
  return new ApiError(
    409,
    'request_in_progress',
    'La même demande est encore en cours d’envoi : réessayez dans un instant avec la même clé.',
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so the same request always hashes the same. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}
