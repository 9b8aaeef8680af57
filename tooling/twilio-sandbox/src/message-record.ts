import type { SandboxChannel } from './addresses.ts';
import { rfc2822 } from './dates.ts';
import {
  type CallbackFaults,
  describeCallbackFaults,
  NO_CALLBACK_FAULTS,
  type RequestFault,
} from './faults.ts';
import type { WebhookDelivery } from './webhook-sender.ts';

/**
 * One media of a message. Outbound: the `MediaUrl` given, and what fetching it gave (Twilio
 * downloads the media when it sends). Inbound: the bytes the customer sent, served at the
 * Twilio-shaped media URL.
 */
export interface MediaItem {
  sid: string;
  /** Outbound: the `MediaUrl`; inbound: null (the media URL is built from the SIDs). */
  url: string | null;
  contentType: string | null;
  /** Inbound: the bytes; outbound: null. */
  bytes: Buffer | null;
  /** Outbound: what fetching `url` gave, null until fetched. */
  fetched: {
    status: number | null;
    contentType: string | null;
    size: number;
    error?: string;
  } | null;
  dateCreated: Date;
}

/** Twilio's Message status values (`message_enum_status`). */
export type MessageStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'delivered'
  | 'undelivered'
  | 'receiving'
  | 'received'
  | 'accepted'
  | 'scheduled'
  | 'read'
  | 'partially_delivered'
  | 'canceled';

/** A message as the sandbox keeps it: Twilio's fields plus what the inbox shows. */
export interface MessageRecord {
  sid: string;
  accountSid: string;
  direction: 'outbound-api' | 'inbound';
  channel: SandboxChannel;
  from: string | null;
  to: string;
  body: string;
  messagingServiceSid: string | null;
  status: MessageStatus;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: number;
  price: string | null;
  priceUnit: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  /** Sandbox-only details. */
  encoding: 'GSM-7' | 'UCS-2' | null;
  /** Segments the body takes (num_segments stays 0 until a Messaging Service picks a sender). */
  bodySegments: number;
  country: string | undefined;
  statusCallback: string | null;
  contentSid: string | null;
  contentVariables: string | null;
  sendAt: Date | null;
  validityPeriod: number;
  history: { status: MessageStatus; at: string }[];
  callbacks: WebhookDelivery[];
  /**
   * The fault applied to the create request (`hang-after`: the client never got this answer);
   * absent or null when none (inbound messages have none).
   */
  requestFault?: RequestFault | null;
  /** Mischief on this message's status callbacks; absent when none. */
  callbackFaults?: CallbackFaults;
  /** Its media (`MediaUrl` of a create, or a customer's photo); absent when none. */
  media?: MediaItem[];
}

/** The Message resource URI, relative to `https://api.twilio.com`, as Twilio writes it. */
export function messageUri(accountSid: string, sid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The JSON Twilio answers for a Message (`api.v2010.account.message`), field for field. */
export function toTwilioJson(m: MessageRecord): Record<string, unknown> {
  return {
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateUpdated),
    direction: m.direction,
    error_code: m.errorCode,
    error_message: m.errorMessage,
    from: m.from,
    messaging_service_sid: m.messagingServiceSid,
    num_media: String(m.media?.length ?? 0),
    num_segments: String(m.numSegments),
    price: m.price,
    price_unit: m.priceUnit,
    sid: m.sid,
    status: m.status,
    subresource_uris: {
      media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json`,
    },
    to: m.to,
    uri: messageUri(m.accountSid, m.sid),
  };
}

/** The inbox's view of a message: Twilio's JSON plus encoding, history and callbacks. */
export function toInboxJson(m: MessageRecord): Record<string, unknown> {
  return {
    ...toTwilioJson(m),
    channel: m.channel,
    encoding: m.encoding,
    body_segments: m.bodySegments,
    country: m.country ?? null,
    status_callback: m.statusCallback,
    content_sid: m.contentSid,
    content_variables: m.contentVariables,
    send_at: m.sendAt?.toISOString() ?? null,
    history: m.history,
    media: (m.media ?? []).map((item) => ({
      sid: item.sid,
      url: item.url,
      content_type: item.contentType,
      size: item.bytes?.length ?? item.fetched?.size ?? null,
      fetched: item.fetched,
    })),
    callbacks: m.callbacks,
    faults: {
      request: m.requestFault ?? null,
      callbacks: describeCallbackFaults(m.callbackFaults ?? NO_CALLBACK_FAULTS),
    },
  };
}
