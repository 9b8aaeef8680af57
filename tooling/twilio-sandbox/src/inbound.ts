import { countryOf, parseAddress } from './addresses.ts';
import { newSid } from './ids.ts';
import { type MediaItem, mediaPath } from './media.ts';
import type { MessageRecord } from './message-record.ts';
import type { MessageStore } from './message-store.ts';
import type { ResolvedOptions } from './options.ts';
import { type KeywordType, keywordType, type Recipients } from './recipients.ts';
import { measureBody } from './segments.ts';
import type { WebhookDelivery, WebhookSender } from './webhook-sender.ts';

/** A customer reply to simulate. */
export interface InboundInput {
  /** The customer: `+336…` (SMS) or `whatsapp:+336…`. */
  from: string;
  /** Your sender; defaults to the sandbox's default sender for the channel. */
  to?: string;
  body?: string;
  /** Channel when `from` has no prefix (default `sms`). */
  channel?: 'sms' | 'whatsapp';
  /** WhatsApp quick-reply button: its payload (id) and text. */
  buttonPayload?: string;
  buttonText?: string;
  /** WhatsApp profile name and WhatsApp ID (digits of the number by default). */
  profileName?: string;
  waId?: string;
  /** The message the customer replied to (WhatsApp context). */
  repliedToSid?: string;
  /** Webhook URL for this reply; defaults to the `inboundUrl` option. */
  url?: string;
  /**
   * Photos (or other media) the customer sends on WhatsApp: served at Twilio-shaped media URLs
   * (`MediaUrl{N}` of the webhook, Basic auth) with their `MediaContentType{N}`.
   */
  media?: InboundMedia[];
}

/** One media of a simulated inbound message: its type and bytes (or base64 of them). */
export interface InboundMedia {
  contentType: string;
  data: Uint8Array | string;
}

/** What happened: the stored inbound message, the webhook call, the opt-out effect. */
export interface InboundResult {
  message: MessageRecord;
  /** Null when no webhook URL is configured. */
  webhook: WebhookDelivery | null;
  keyword: KeywordType;
}

/** An expected failure of {@link simulateInbound}. */
export interface InboundError {
  code: 'missing_from' | 'invalid_from' | 'invalid_media';
  message: string;
}

/** What inbound simulation needs from the sandbox. */
export interface InboundDeps {
  options: ResolvedOptions;
  store: MessageStore;
  recipients: Recipients;
  sender: WebhookSender;
  /** The sandbox's own origin: inbound media URLs point there. */
  origin?: () => string;
}

/** The form parameters of Twilio's incoming-message webhook for this reply. */
export function inboundParams(
  message: MessageRecord,
  input: InboundInput,
  keyword: KeywordType,
  origin = '',
): Record<string, string> {
  const fromNumber = message.from?.replace(/^whatsapp:/i, '') ?? '';
  const toNumber = message.to.replace(/^whatsapp:/i, '');
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    Body: message.body,
    From: message.from ?? '',
    MessageSid: message.sid,
    NumMedia: String(message.media?.length ?? 0),
    NumSegments: String(message.numSegments),
    SmsMessageSid: message.sid,
    SmsSid: message.sid,
    SmsStatus: 'received',
    To: message.to,
  };
  const fromCountry = countryOf(fromNumber);
  const toCountry = countryOf(toNumber);
  if (fromCountry) params.FromCountry = fromCountry;
  if (toCountry) params.ToCountry = toCountry;
  if (keyword) params.OptOutType = keyword;
  (message.media ?? []).forEach((item, index) => {
    params[`MediaUrl${index}`] = `${origin}${mediaPath(message.accountSid, message.sid, item.sid)}`;
    params[`MediaContentType${index}`] = item.contentType ?? 'application/octet-stream';
  });
  if (message.channel === 'whatsapp') {
    params.WaId = input.waId ?? fromNumber.replace(/^\+/, '');
    params.ProfileName = input.profileName ?? '';
    params.MessageType = input.buttonPayload || input.buttonText ? 'button' : 'text';
    if (input.buttonPayload) params.ButtonPayload = input.buttonPayload;
    if (input.buttonText) params.ButtonText = input.buttonText;
    if (input.repliedToSid) params.OriginalRepliedMessageSid = input.repliedToSid;
  }
  return params;
}

/**
 * Makes a customer "reply": stores an inbound message, opens the WhatsApp window for the
 * number, applies STOP/START keywords, and POSTs Twilio's signed incoming-message webhook.
 */
export async function simulateInbound(
  deps: InboundDeps,
  input: InboundInput,
): Promise<{ ok: true; value: InboundResult } | { ok: false; error: InboundError }> {
  if (!input.from?.trim()) {
    return { ok: false, error: { code: 'missing_from', message: 'from is required' } };
  }
  const prefixed =
    input.channel === 'whatsapp' && !input.from.startsWith('whatsapp:')
      ? `whatsapp:${input.from.trim()}`
      : input.from.trim();
  const from = parseAddress(prefixed);
  if (!/^\+\d{6,15}$/.test(from.number)) {
    return {
      ok: false,
      error: { code: 'invalid_from', message: `${input.from} is not an E.164 number` },
    };
  }
  const { options, recipients } = deps;
  const media = readInboundMedia(input.media, from.channel);
  if (!media.ok) return media;
  const to = input.to?.trim() || options.defaultSenders[from.channel];
  const body = input.body ?? input.buttonText ?? '';
  const now = new Date();
  const message: MessageRecord = {
    sid: newSid(media.items.length > 0 ? 'MM' : 'SM'),
    accountSid: options.accountSid,
    direction: 'inbound',
    channel: from.channel,
    from: from.raw,
    to,
    body,
    messagingServiceSid: null,
    status: 'received',
    errorCode: null,
    errorMessage: null,
    numSegments: from.channel === 'whatsapp' ? 1 : measureBody(body, false).segments,
    price: null,
    priceUnit: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
    encoding: from.channel === 'whatsapp' ? null : measureBody(body, false).encoding,
    bodySegments: 1,
    country: countryOf(from.number),
    statusCallback: null,
    contentSid: null,
    contentVariables: null,
    sendAt: null,
    validityPeriod: 36_000,
    history: [{ status: 'received', at: now.toISOString() }],
    callbacks: [],
    ...(media.items.length > 0 ? { media: media.items } : {}),
  };
  message.bodySegments = message.numSegments;
  if (from.channel === 'whatsapp') recipients.openWindow(from.number, now.getTime());
  const keyword = keywordType(body, options.optOutKeywords, options.optInKeywords);
  // Twilio's opt-out list is per channel: a STOP by SMS leaves WhatsApp alone, and the reverse.
  if (keyword === 'STOP') recipients.optOut(from.number, from.channel);
  if (keyword === 'START') recipients.optIn(from.number, from.channel);
  deps.store.add(message);
  options.log(`← ${message.sid} ${message.from} "${body.slice(0, 60)}"`);

  const url = input.url ?? options.inboundUrl;
  let webhook: WebhookDelivery | null = null;
  if (url) {
    webhook = await deps.sender.deliver(
      'inbound',
      url,
      inboundParams(message, input, keyword, deps.origin?.() ?? ''),
      (delivery) => {
        if (!message.callbacks.includes(delivery)) message.callbacks.push(delivery);
        deps.store.changed();
      },
    );
  }
  return { ok: true, value: { message, webhook, keyword } };
}

/** Twilio's inbound media limit on WhatsApp (16 MB) and the number of media per message (10). */
const MAX_INBOUND_MEDIA_BYTES = 16 * 1024 * 1024;

function readInboundMedia(
  media: InboundMedia[] | undefined,
  channel: 'sms' | 'whatsapp',
): { ok: true; items: MediaItem[] } | { ok: false; error: InboundError } {
  if (!media || media.length === 0) return { ok: true, items: [] };
  const refuse = (message: string) => ({
    ok: false as const,
    error: { code: 'invalid_media' as const, message },
  });
  if (channel === 'sms') return refuse('no MMS in France: only WhatsApp messages carry media');
  if (media.length > 10) return refuse('at most 10 media per message');
  const now = new Date();
  const items: MediaItem[] = [];
  for (const m of media) {
    const bytes = typeof m.data === 'string' ? Buffer.from(m.data, 'base64') : Buffer.from(m.data);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(m.contentType ?? '')) return refuse('contentType is required');
    if (bytes.length === 0) return refuse('empty media');
    if (bytes.length > MAX_INBOUND_MEDIA_BYTES) return refuse('media larger than 16 MB');
    items.push({
      sid: newSid('ME'),
      url: null,
      contentType: m.contentType,
      bytes,
      fetched: null,
      dateCreated: now,
    });
  }
  return { ok: true, items };
}
