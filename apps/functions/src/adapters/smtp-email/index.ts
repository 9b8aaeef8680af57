import { err, ok } from '@omega/core';
import type { Transporter } from 'nodemailer';
import type { ChannelSender, EmailMessage, SendRefused } from '../port.ts';

/**
 * Maps a nodemailer error to a {@link SendRefused}: SMTP 5xx replies (unknown mailbox, rejected
 * content) and authentication failures are permanent; 4xx replies and connection problems are
 * worth retrying.
 */
export function smtpFailure(error: unknown): SendRefused {
  const e = (error ?? {}) as {
    responseCode?: number;
    code?: string;
    command?: string;
    message?: string;
  };
  const message = e.message ?? String(error);
  if (typeof e.responseCode === 'number') {
    return {
      code: 'provider_rejected',
      message,
      providerCode: e.responseCode,
      httpStatus: null,
      retryable: e.responseCode < 500,
    };
  }
  if (e.code === 'EAUTH' || e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    return {
      code: 'bad_request',
      message,
      providerCode: e.code,
      httpStatus: null,
      retryable: false,
    };
  }
  return {
    code: 'network',
    message,
    providerCode: e.code ?? null,
    httpStatus: null,
    retryable: true,
    // Lost once the message was handed over (DATA) or with no reply at all: the server may
    // have accepted it. The resend carries the same Message-ID (see emailMessageId).
    ambiguous: e.command === 'DATA' || e.code === 'ETIMEDOUT' || e.code === 'ECONNECTION',
  };
}

/**
 * The Message-ID of a notification's email: the same on every attempt, so a resend after an
 * ambiguous failure is recognised as the same message by servers and mail clients that
 * deduplicate on it (docs/delivery.md, "Ambiguous sends").
 */
export function emailMessageId(notificationId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'omega-notify.invalid';
  return `<${notificationId.replace(/[^A-Za-z0-9._-]/g, '_')}@${domain}>`;
}

/** Email over SMTP with an already-built nodemailer transporter (any provider, or the local catcher). */
export function smtpEmailSender(transporter: Transporter): ChannelSender<EmailMessage> {
  return {
    channel: 'email',
    async send(message) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          messageId: emailMessageId(message.notificationId, message.from),
          headers: { 'X-Omega-Notification-Id': message.notificationId },
        });
        return ok({ providerId: String(info.messageId), status: 'sent', segments: null });
      } catch (error) {
        return err(smtpFailure(error));
      }
    },
  };
}
