import type { Channel, NotificationStatus, Result } from '@omega/core';

/** A message as the pipeline hands it to a channel adapter (already rendered, already addressed). */
export type OutboundMessage = SmsMessage | WhatsAppMessage | EmailMessage | PushMessage;

/** Where Twilio messages come from: a Messaging Service, or one sender. */
export interface TwilioSender {
  messagingServiceSid?: string | undefined;
  /** Alphanumeric sender ID, number, or `whatsapp:+…` for WhatsApp. */
  from?: string | undefined;
}

export interface SmsMessage {
  channel: 'sms';
  notificationId: string;
  /** E.164. */
  to: string;
  body: string;
  sender: TwilioSender;
  /** Full status callback URL (with `?n=<id>` and the `#rc=…` fragment). */
  statusCallback: string;
}

export interface WhatsAppMessage {
  channel: 'whatsapp';
  notificationId: string;
  /** E.164 (the adapter adds `whatsapp:`). */
  to: string;
  sender: TwilioSender;
  statusCallback: string;
  /** Free text inside the 24 h window, or an approved template outside it. */
  content:
    | { mode: 'free_text'; body: string; mediaUrl?: string[] | undefined }
    | { mode: 'template'; contentSid: string; variables: Record<string, string> };
}

export interface EmailMessage {
  channel: 'email';
  notificationId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string | undefined;
}

export interface PushMessage {
  channel: 'push';
  notificationId: string;
  tokens: string[];
  title: string;
  body: string;
  data: Record<string, string>;
}

/** The provider accepted the message. */
export interface SendAccepted {
  /** Twilio SID, SMTP message id, FCM message id(s). */
  providerId: string;
  /** Status to record (`accepted`/`queued` from Twilio, `sent` for email/push). */
  status: NotificationStatus;
  /** Segments as the provider counted them, when known (Twilio returns 0 with a Messaging Service). */
  segments: number | null;
  /** Push tokens the provider reported as invalid; the pipeline removes them from the profile. */
  invalidTokens?: string[] | undefined;
}

/**
 * The provider refused or could not be reached. Twilio failures carry `providerCode` and
 * `httpStatus` and are classified by core's `classifyTwilioError`; other adapters decide
 * `retryable` themselves from their vendor's codes.
 */
export interface SendRefused {
  code: 'provider_rejected' | 'network' | 'invalid_tokens' | 'bad_request';
  message: string;
  providerCode: number | string | null;
  httpStatus: number | null;
  /** For non-Twilio channels: whether trying again later can succeed. */
  retryable?: boolean | undefined;
  invalidTokens?: string[] | undefined;
  /**
   * The provider may have the message although it did not say so (no answer, a timeout, a reset
   * connection, a 5xx on create, an SMTP connection lost after DATA): the next attempt
   * reconciles before it sends again.
   */
  ambiguous?: boolean | undefined;
  /** The provider's `Retry-After` on a 429, in ms. */
  retryAfterMs?: number | null | undefined;
}

/**
 * What was handed to the provider in one attempt, kept on the attempt's claim just before the
 * call: enough to find the message at the provider when the answer was lost.
 */
export interface OutboundFacts {
  channel: Channel;
  to: string;
  messagingServiceSid: string | null;
  from: string | null;
  /** The text sent (SMS, WhatsApp free text, email subject), or null for a template. */
  body: string | null;
  contentSid: string | null;
  /** The template's variables (each one appears in the message Twilio renders). */
  variables: Record<string, string> | null;
}

/** The facts of a message as {@link OutboundFacts} (pure). */
export function outboundFacts(message: OutboundMessage): OutboundFacts {
  switch (message.channel) {
    case 'sms':
      return {
        channel: 'sms',
        to: message.to,
        messagingServiceSid: message.sender.messagingServiceSid ?? null,
        from: message.sender.from ?? null,
        body: message.body,
        contentSid: null,
        variables: null,
      };
    case 'whatsapp': {
      const c = message.content;
      return {
        channel: 'whatsapp',
        to: message.to,
        messagingServiceSid: message.sender.messagingServiceSid ?? null,
        from: message.sender.from ?? null,
        body: c.mode === 'free_text' ? c.body : null,
        contentSid: c.mode === 'template' ? c.contentSid : null,
        variables: c.mode === 'template' ? c.variables : null,
      };
    }
    case 'email':
      return {
        channel: 'email',
        to: message.to,
        messagingServiceSid: null,
        from: message.from,
        body: message.subject,
        contentSid: null,
        variables: null,
      };
    case 'push':
      return {
        channel: 'push',
        to: message.tokens.join(','),
        messagingServiceSid: null,
        from: null,
        body: message.title,
        contentSid: null,
        variables: null,
      };
  }
}

/** The port every channel adapter implements. */
export interface ChannelSender<M extends OutboundMessage = OutboundMessage> {
  readonly channel: Channel;
  send(message: M): Promise<Result<SendAccepted, SendRefused>>;
  /**
   * The messages the provider holds that match an earlier attempt (`facts`) created at or
   * after `since`, oldest first — how an ambiguous send is reconciled before any resend.
   * Absent where the provider cannot be asked (email, push: see docs/delivery.md).
   */
  find?(facts: OutboundFacts, since: Date): Promise<Result<SendAccepted[], SendRefused>>;
}

/** The senders the pipeline can use, by channel. A missing channel is skipped as disabled. */
export type ChannelSenders = {
  sms?: ChannelSender<SmsMessage>;
  whatsapp?: ChannelSender<WhatsAppMessage>;
  email?: ChannelSender<EmailMessage>;
  push?: ChannelSender<PushMessage>;
};

/**
 * Thrown by an adapter before any request when the settings name no sender for its channel
 * (neither a Messaging Service nor a number): nothing was sent, and retrying cannot help. The
 * send path records it as `channel_not_configured`.
 */
export class SenderNotConfiguredError extends Error {
  readonly channel: 'sms' | 'whatsapp';
  constructor(channel: 'sms' | 'whatsapp', message: string) {
    super(message);
    this.name = 'SenderNotConfiguredError';
    this.channel = channel;
  }
}
