import type { Outcome } from './result.ts';

/** Which Twilio webhook an event came from. */
export type ForwardedEventType = 'status' | 'inbound';

/**
 * One accepted Twilio webhook, as queued by the worker and POSTed (JSON) to the ingestion
 * endpoint. Only requests whose Twilio signature was valid become events.
 */
export interface ForwardedEvent {
  /**
   * Stable id, also sent as the `X-Omega-Event-Id` header: `status:<MessageSid>:<MessageStatus>`
   * or `inbound:<MessageSid>`. A Twilio retry of the same callback gets the same id.
   */
  id: string;
  /** `status` for a status callback, `inbound` for an incoming SMS/WhatsApp message. */
  type: ForwardedEventType;
  /** When the worker accepted the request (ISO 8601, UTC). */
  receivedAt: string;
  /** The notification id from the callback URL's `?n=` parameter (status callbacks). */
  notificationId?: string;
  /** Every parameter Twilio POSTed; a repeated name keeps all its values in order. */
  params: Record<string, string | string[]>;
}

/** Why a body is not a {@link ForwardedEvent}. */
export type ForwardedEventErrorCode = 'invalid_event';

function isParams(value: unknown): value is Record<string, string | string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  );
}

/**
 * Checks that a parsed JSON value is a {@link ForwardedEvent} (for the ingestion side, after
 * the signature was verified).
 */
export function parseForwardedEvent(
  value: unknown,
): Outcome<ForwardedEvent, ForwardedEventErrorCode> {
  const fail = (message: string) =>
    ({ ok: false, error: { code: 'invalid_event', message } }) as const;
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id === '') return fail('id must be a non-empty string');
  if (v.type !== 'status' && v.type !== 'inbound') return fail('type must be status or inbound');
  if (typeof v.receivedAt !== 'string' || Number.isNaN(Date.parse(v.receivedAt))) {
    return fail('receivedAt must be an ISO date');
  }
  if (
    v.notificationId !== undefined &&
    (typeof v.notificationId !== 'string' || !v.notificationId)
  ) {
    return fail('notificationId must be a non-empty string when present');
  }
  if (!isParams(v.params)) return fail('params must map names to strings or string arrays');
  const event: ForwardedEvent = {
    id: v.id,
    type: v.type,
    receivedAt: v.receivedAt,
    params: v.params,
  };
  if (typeof v.notificationId === 'string') event.notificationId = v.notificationId;
  return { ok: true, value: event };
}
