import type { ForwardedEvent, ForwardedEventType, Outcome } from '@omega/forwarding';
import type { TwilioParams } from '../signature/index.ts';

const SID = /^[A-Za-z0-9]{2,64}$/;
const STATUS = /^[a-z_]{1,32}$/;
const NOTIFICATION_ID = /^[A-Za-z0-9_-]{1,128}$/;

function single(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

/** Options of {@link buildEvent}. */
export interface BuildEventOptions {
  type: ForwardedEventType;
  params: TwilioParams;
  /** The request URL; `?n=` carries the notification id of a status callback. */
  url: URL;
  /** When the request was accepted. */
  receivedAt: Date;
}

/**
 * The queued event for a verified webhook, with its stable id (`status:<sid>:<status>` or
 * `inbound:<sid>`), or `malformed_webhook` when the fields the id needs are missing.
 */
export function buildEvent(
  options: BuildEventOptions,
): Outcome<ForwardedEvent, 'malformed_webhook'> {
  const fail = (message: string) =>
    ({ ok: false, error: { code: 'malformed_webhook', message } }) as const;
  const { params, type } = options;
  const sid = single(params, 'MessageSid') ?? single(params, 'SmsSid');
  if (!sid || !SID.test(sid)) return fail('MessageSid missing or invalid');
  let id = `inbound:${sid}`;
  if (type === 'status') {
    const status = single(params, 'MessageStatus') ?? single(params, 'SmsStatus');
    if (!status || !STATUS.test(status)) return fail('MessageStatus missing or invalid');
    id = `status:${sid}:${status}`;
  }
  const event: ForwardedEvent = {
    id,
    type,
    receivedAt: options.receivedAt.toISOString(),
    params,
  };
  const notificationIds = options.url.searchParams.getAll('n');
  if (notificationIds.length > 1) return fail('more than one n parameter');
  const notificationId = notificationIds[0];
  if (notificationId !== undefined) {
    if (!NOTIFICATION_ID.test(notificationId)) return fail('n is not a notification id');
    event.notificationId = notificationId;
  }
  return { ok: true, value: event };
}
