import { describe, expect, it } from 'vitest';
import { classifyTwilioError } from './twilio-errors.ts';

describe('classifyTwilioError', () => {
  it.each([
    // code, action, arrives, phoneStatus, maxAttempts, minDelayMs
    [20003, 'alert', 'sync', undefined, undefined, undefined],
    [20429, 'retry', 'sync', undefined, undefined, undefined],
    [21211, 'suppress_number', 'sync', 'invalid', undefined, undefined],
    [21408, 'alert', 'sync', undefined, undefined, undefined],
    [21606, 'alert', 'sync', undefined, undefined, undefined],
    [21610, 'opt_out', 'sync', undefined, undefined, undefined],
    [21611, 'retry', 'sync', undefined, undefined, 600_000],
    [21612, 'switch_channel', 'sync', undefined, undefined, undefined],
    [21614, 'suppress_number', 'sync', 'landline', undefined, undefined],
    [21617, 'fail', 'sync', undefined, undefined, undefined],
    [21635, 'suppress_number', 'sync', 'landline', undefined, undefined],
    [21656, 'fail', 'sync', undefined, undefined, undefined],
    [30001, 'retry', 'async', undefined, undefined, undefined],
    [30002, 'alert', 'async', undefined, undefined, undefined],
    [30003, 'retry', 'async', undefined, 3, 900_000],
    [30004, 'switch_channel', 'async', undefined, undefined, undefined],
    [30005, 'suppress_number', 'async', 'unknown_handset', undefined, undefined],
    [30006, 'suppress_number', 'async', 'landline', undefined, undefined],
    [30007, 'alert', 'async', undefined, undefined, undefined],
    [30008, 'retry', 'async', undefined, 2, undefined],
    [30036, 'retry', 'async', undefined, 2, undefined],
    [30450, 'retry', 'async', undefined, undefined, 1_800_000],
    [63003, 'switch_channel', 'either', undefined, undefined, undefined],
    [63007, 'alert', 'either', undefined, undefined, undefined],
    [63014, 'opt_out', 'async', undefined, undefined, undefined],
    [63016, 'use_template', 'async', undefined, undefined, undefined],
    [63017, 'retry', 'either', undefined, undefined, undefined],
    [63018, 'retry', 'either', undefined, undefined, undefined],
    [63024, 'switch_channel', 'async', undefined, undefined, undefined],
    [63032, 'switch_channel', 'async', undefined, undefined, undefined],
    [63049, 'switch_channel', 'async', undefined, undefined, undefined],
  ] as const)('%i → %s (%s)', (code, action, arrives, phoneStatus, maxAttempts, minDelayMs) => {
    for (const channel of ['sms', 'whatsapp'] as const) {
      const result = classifyTwilioError({ code, channel });
      expect(result.action).toBe(action);
      expect(result.arrives).toBe(arrives);
      expect(result.phoneStatus).toBe(phoneStatus);
      expect(result.maxAttempts).toBe(maxAttempts);
      expect(result.minDelayMs).toBe(minDelayMs);
      expect(result.reason.length).toBeGreaterThan(10);
    }
  });

  it('gives each known code its own explanation', () => {
    const codes = [21211, 21614, 21635, 30003, 30005, 30006, 30007, 63016, 63024];
    const reasons = codes.map((code) => classifyTwilioError({ code, channel: 'sms' }).reason);
    expect(new Set(reasons).size).toBe(codes.length);
    expect(classifyTwilioError({ code: 63016, channel: 'whatsapp' }).reason).toContain('template');
  });

  it('returns a copy the caller may change', () => {
    const first = classifyTwilioError({ code: 21211, channel: 'sms' });
    first.action = 'retry';
    expect(classifyTwilioError({ code: 21211, channel: 'sms' }).action).toBe('suppress_number');
  });

  it.each([
    [21211, 429],
    [null, 429],
    [undefined, 429],
    [20429, 429],
    [99999, 429],
  ])('always retries HTTP 429 (code %s)', (code, httpStatus) => {
    expect(classifyTwilioError({ code, httpStatus, channel: 'sms' })).toEqual({
      action: 'retry',
      arrives: 'sync',
      reason: 'rate limited by Twilio (HTTP 429)',
    });
  });

  it.each([500, 502, 503, 599])('retries HTTP %i', (httpStatus) => {
    expect(classifyTwilioError({ code: null, httpStatus, channel: 'whatsapp' })).toEqual({
      action: 'retry',
      arrives: 'sync',
      reason: `Twilio server error (HTTP ${httpStatus})`,
    });
    expect(classifyTwilioError({ code: 21211, httpStatus, channel: 'sms' }).action).toBe('retry');
  });

  it('classifies a known code by its code when the HTTP status is a plain 400', () => {
    expect(classifyTwilioError({ code: 21614, httpStatus: 400, channel: 'sms' }).action).toBe(
      'suppress_number',
    );
    expect(classifyTwilioError({ code: 21610, httpStatus: 400, channel: 'sms' }).action).toBe(
      'opt_out',
    );
  });

  it.each([401, 403])('alerts on HTTP %i without a code', (httpStatus) => {
    expect(classifyTwilioError({ httpStatus, channel: 'sms' })).toEqual({
      action: 'alert',
      arrives: 'sync',
      reason: `Twilio refused our credentials (HTTP ${httpStatus})`,
    });
  });

  it.each([400, 404, 499, 600])('fails on HTTP %i without a code', (httpStatus) => {
    expect(classifyTwilioError({ code: null, httpStatus, channel: 'sms' })).toEqual({
      action: 'fail',
      arrives: 'sync',
      reason: `Twilio rejected the request (HTTP ${httpStatus})`,
    });
  });

  it('retries when Twilio never answered', () => {
    expect(classifyTwilioError({ channel: 'sms' })).toEqual({
      action: 'retry',
      arrives: 'sync',
      reason: 'no response from Twilio (network error)',
    });
  });

  it.each([
    [30999, 'sms'],
    [63999, 'whatsapp'],
    [12345, 'sms'],
  ] as const)('retries unknown code %i once', (code, channel) => {
    expect(classifyTwilioError({ code, channel })).toEqual({
      action: 'retry',
      arrives: 'either',
      maxAttempts: 2,
      reason: `unknown Twilio error ${code} on ${channel}: retried once, then given up`,
    });
    expect(classifyTwilioError({ code, httpStatus: 400, channel }).maxAttempts).toBe(2);
  });
});
