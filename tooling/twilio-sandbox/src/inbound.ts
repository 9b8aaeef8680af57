import { countryOf, parseAddress } from './addresses.ts';
import { newSid } from './ids.ts';
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
  code: 'missing_from' | 'invalid_from';
  message: string;
}

/** What inbound simulation needs from the sandbox. */
export interface InboundDeps {
  options: ResolvedOptions;
  store: MessageStore;
  recipients: Recipients;
  sender: WebhookSender;
}

/** The form parameters of Twilio's incoming-message webhook for this reply. */
export function inboundParams(
  message: MessageRecord,
  input: InboundInput,
  keyword: KeywordType,
): Record<string, string> {
  const fromNumber = message.from?.replace(/^whatsapp:/i, '') ?? '';
  const toNumber = message.to.replace(/^whatsapp:/i, '');
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    Body: message.body,
    From: message.from ?? '',
    MessageSid: message.sid,
    NumMedia: '0',
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
  const to = input.to?.trim() || options.defaultSenders[from.channel];
  const body = input.body ?? input.buttonText ?? '';
  const now = new Date();
  const message: MessageRecord = {
    sid: newSid('SM'),
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
      inboundParams(message, input, keyword),
      (delivery) => {
        if (!message.callbacks.includes(delivery)) message.callbacks.push(delivery);
        deps.store.changed();
      },
    );
  }
  return { ok: true, value: { message, webhook, keyword } };
}
