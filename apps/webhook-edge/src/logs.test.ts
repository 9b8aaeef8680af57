import { afterEach, describe, expect, it, vi } from 'vitest';
import { logForwardedBatch, logForwardFailed, logUnexpectedError, redact } from './logs.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function captured(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return spy.mock.calls.map((call) => JSON.parse(String(call[0])));
}

describe('redact', () => {
  it.each([
    ['from +33612345678 to +262692123456', [], 'from +… to +…'],
    ['token abc123 leaked', ['abc123'], 'token [redacted] leaked'],
    ['nothing here', ['', 'zzz'], 'nothing here'],
  ])('%s', (text, secrets, expected) => {
    expect(redact(text, secrets)).toBe(expected);
  });
});

describe('log lines', () => {
  it('logs a forwarded batch as one JSON line with event ids only', () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    logForwardedBatch(['inbound:SM1', 'status:SM2:delivered'], 1);
    expect(captured(spy)).toEqual([
      {
        level: 'info',
        event: 'events_forwarded',
        count: 2,
        retried: 1,
        ids: ['inbound:SM1', 'status:SM2:delivered'],
      },
    ]);
  });

  it('redacts secrets and phone numbers from error text', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    logForwardFailed('status:SM1:sent', 2, 30, 'POST with s3cr3t for +33612345678 failed', [
      's3cr3t',
    ]);
    logUnexpectedError(new Error('token s3cr3t'), ['s3cr3t']);
    const text = JSON.stringify([...captured(warn), ...captured(error)]);
    expect(text).not.toContain('s3cr3t');
    expect(text).not.toContain('+33612345678');
    expect(captured(warn)[0]).toMatchObject({
      event: 'forward_failed',
      attempts: 2,
      delaySeconds: 30,
    });
  });
});
