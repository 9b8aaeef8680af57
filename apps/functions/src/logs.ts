import { maskEmail, maskPhone } from '@omega/core';
import * as logger from 'firebase-functions/logger';

/**
 * Every log line of the functions, one named function per event, so messages and fields
 * stay consistent and personal data is redacted in one place: phone numbers and emails are
 * masked, and fields whose name looks like a secret are dropped.
 */

const SECRET_KEY = /token|password|secret|authorization|auth_?token|api_?key|cookie/i;

/**
 * Masks a recipient address of any channel with core's `maskPhone` / `maskEmail` (the same
 * output as the customer's link page): phone, `whatsapp:` phone, email, push token.
 */
export function maskAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.includes('@')) return maskEmail(value);
  if (/^(whatsapp:)?\+?\d/.test(value)) return maskPhone(value);
  return `${value.slice(0, 6)}…`;
}

/** Deep copy of `fields` without secret-looking keys; strings that look like URLs lose credentials. */
export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEY.test(key)) {
      out[key] = '[redacted]';
    } else if (typeof value === 'string') {
      out[key] = value.replace(/\/\/[^/@\s]+:[^/@\s]+@/g, '//[redacted]@');
    } else if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !(value instanceof Date)
    ) {
      out[key] = redact(value as Record<string, unknown>);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Where log entries go: Cloud Logging's structured logger by default. */
export type LogSink = (
  severity: 'info' | 'warn' | 'error',
  event: string,
  fields: Record<string, unknown>,
) => void;

const cloudLogging: LogSink = (severity, event, fields) => {
  if (severity === 'error') logger.error(event, fields);
  else if (severity === 'warn') logger.warn(event, fields);
  else logger.info(event, fields);
};
let sink: LogSink = cloudLogging;

/** Sends log entries elsewhere (benchmarks silence them); `undefined` restores Cloud Logging. */
export function setLogSink(next: LogSink | undefined): void {
  sink = next ?? cloudLogging;
}

function info(event: string, fields: Record<string, unknown>): void {
  sink('info', event, { event, ...redact(fields) });
}
function warn(event: string, fields: Record<string, unknown>): void {
  sink('warn', event, { event, ...redact(fields) });
}
function error(event: string, fields: Record<string, unknown>): void {
  sink('error', event, { event, ...redact(fields) });
}

export const logs = {
  triggerIgnored(ticketId: string, why: string): void {
    info('trigger_ignored', { ticketId, why });
  },
  notificationPlanned(f: {
    notificationId: string;
    ticketId: string;
    kind: string;
    channel: string;
    action: string;
    reason?: string | undefined;
  }): void {
    info('notification_planned', f);
  },
  notificationAlreadyPlanned(notificationId: string): void {
    info('notification_already_planned', { notificationId });
  },
  ticketDataMissing(ticketId: string, what: string): void {
    warn('ticket_data_missing', { ticketId, what });
  },
  wordingFellBack(notificationId: string, wording: string, why: string): void {
    warn('wording_fell_back', { notificationId, wording, why });
  },
  sendClaimed(notificationId: string, attempt: number): void {
    info('send_claimed', { notificationId, attempt });
  },
  sendClaimReleased(notificationId: string, attempt: number): void {
    info('send_claim_released', { notificationId, attempt });
  },

  sendReconciled(notificationId: string, attempt: number, providerId: string): void {
    info('send_reconciled', { notificationId, attempt, providerId });
  },
  sendRetryScheduled(notificationId: string, attempt: number, code: string, at: Date): void {
    info('send_retry_scheduled', { notificationId, attempt, code, at: at.toISOString() });
  },
  sendDuplicateIgnored(notificationId: string, why: string): void {
    info('send_duplicate_ignored', { notificationId, why });
  },
  sendSkippedAtDispatch(notificationId: string, reason: string): void {
    info('send_skipped_at_dispatch', { notificationId, reason });
  },
  sendDeferred(notificationId: string, until: Date, reason: string): void {
    info('send_deferred', { notificationId, until: until.toISOString(), reason });
  },
  sendSucceeded(f: {
    notificationId: string;
    channel: string;
    to: string;
    providerId: string;
    status: string;
    segments: number | null;
    costEur: number | null;
  }): void {
    info('send_succeeded', { ...f, to: maskAddress(f.to) });
  },
  sendFailed(f: {
    notificationId: string;
    channel: string;
    to: string;
    code: string;
    providerCode: number | null;
    httpStatus: number | null;
    action: string;
    message: string;
  }): void {
    warn('send_failed', { ...f, to: maskAddress(f.to) });
  },
  sendRetrying(notificationId: string, attempt: number, reason: string): void {
    warn('send_retrying', { notificationId, attempt, reason });
  },
  phoneMarked(f: {
    e164: string;
    status: string;
    code: number | null;
    clientId: string | null;
    customerId: string | null;
  }): void {
    warn('phone_marked', { ...f, e164: maskPhone(f.e164) });
  },
  consentWithdrawn(f: {
    e164: string;
    channel: string;
    source: string;
    customerId: string | null;
  }): void {
    warn('consent_withdrawn', { ...f, e164: maskPhone(f.e164) });
  },
  pushTokenRemoved(customerId: string, token: string): void {
    info('push_token_removed', { customerId, token: maskAddress(token) });
  },
  sweep(examined: number, redriven: number, closed: number): void {
    warn('sweep', { examined, redriven, closed });
  },
  sweepRedriven(notificationId: string, status: string, overdueMs: number): void {
    warn('sweep_redriven', { notificationId, status, overdueMs });
  },
  alert(kind: string, fields: Record<string, unknown>): void {
    error('alert', { kind, ...fields });
  },
  budgetAlert(month: string, level: string, spentEur: number, budgetEur: number): void {
    warn('budget_alert', { month, level, spentEur, budgetEur });
  },
  scheduleRan(name: string, fields: Record<string, unknown>): void {
    info('schedule_ran', { name, ...fields });
  },
  invalidSettings(issues: string): void {
    error('invalid_settings', { issues });
  },
  /** A deployed function refuses to run (once per instance): every bad variable, never a value. */
  configurationRefused(
    functionName: string,
    problems: readonly { variable: string; message: string }[],
  ): void {
    error('configuration_refused', {
      functionName,
      variables: problems.map((p) => p.variable),
      problems: problems.map((p) => `${p.variable}: ${p.message}`),
    });
  },
  unexpected(where: string, cause: unknown): void {
    error('unexpected', { where, message: cause instanceof Error ? cause.message : String(cause) });
  },
};
