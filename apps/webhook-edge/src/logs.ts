// Every log line of the worker, one named function per event, as one JSON object per line
// (Workers Logs indexes them). Parameters are never logged: they hold phone numbers and
// message bodies. Only Twilio SIDs, statuses and ids appear.
import type { EnvIssue } from '@omega/config/env';

type Level = 'info' | 'warn' | 'error';

function write(level: Level, event: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

const E164 = /\+\d{6,15}/g;

/** Removes secrets and phone numbers from free text (error messages) before it is logged. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(E164, '+…');
  for (const secret of secrets) if (secret) out = out.split(secret).join('[redacted]');
  return out;
}

function describe(error: unknown, secrets: readonly string[]): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return redact(message, secrets);
}

/** A webhook arrived without `X-Twilio-Signature`. */
export function logSignatureMissing(route: string): void {
  write('warn', 'signature_missing', { route });
}

/** A webhook's signature matched none of the URL variants. */
export function logSignatureRejected(route: string, variantsTried: number): void {
  write('warn', 'signature_rejected', { route, variantsTried });
}

/** A signed request whose body or fields are unusable. */
export function logMalformedRequest(route: string, reason: string): void {
  write('warn', 'malformed_request', { route, reason });
}

/** The queue refused an event; Twilio gets a 503 and may retry. */
export function logQueueSendFailed(eventId: string, error: unknown): void {
  write('error', 'queue_send_failed', { id: eventId, error: describe(error, []) });
}

/**
 * The ingestion endpoint accepted these events (one line per consumer batch). Accepted
 * webhooks are not logged one by one: Workers' invocation logs already record each request
 * (URL with `?n=`, status), and a line per event doubled the log volume and, under
 * `wrangler dev` (console through the inspector), cut throughput by more than half.
 */
export function logForwardedBatch(ids: readonly string[], retried: number): void {
  write('info', 'events_forwarded', { count: ids.length, retried, ids });
}

/** Forwarding failed; the message is retried after `delaySeconds` (or dead-lettered). */
export function logForwardFailed(
  eventId: string,
  attempts: number,
  delaySeconds: number,
  reason: string,
  secrets: readonly string[],
): void {
  write('warn', 'forward_failed', {
    id: eventId,
    attempts,
    delaySeconds,
    reason: redact(reason, secrets),
  });
}

/** Dead-lettered events that ingestion has now accepted (one line per batch). */
export function logDeadLettersReplayed(ids: readonly string[]): void {
  write('info', 'dead_letters_replayed', { count: ids.length, ids });
}

/**
 * A dead letter's replay failed; it is offered again after `delaySeconds`. From
 * `DEAD_LETTER_ALERT_AFTER` tries on, and on the last one, the line is an error (alert on it).
 */
export function logDeadLetterRetry(
  eventId: string,
  attempts: number,
  delaySeconds: number,
  reason: string,
  secrets: readonly string[],
  severity: 'waiting' | 'stuck' | 'last_try',
): void {
  const fields = { id: eventId, attempts, delaySeconds, reason: redact(reason, secrets) };
  if (severity === 'waiting') write('warn', 'dead_letter_retry', fields);
  else write('error', severity === 'stuck' ? 'dead_letter_stuck' : 'dead_letter_last_try', fields);
}

/** The bindings failed validation: a deploy mistake. */
export function logEnvInvalid(issues: readonly EnvIssue[]): void {
  write('error', 'env_invalid', { issues });
}

/** A bug: answered 500 by `onError`. */
export function logUnexpectedError(error: unknown, secrets: readonly string[] = []): void {
  write('error', 'unexpected_error', { error: describe(error, secrets) });
}
