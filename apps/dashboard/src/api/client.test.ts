import { describe, expect, it } from 'vitest';
import {
  ApiRequestError,
  IDEMPOTENCY_HEADER,
  newIdempotencyKey,
  shouldRetrySend,
  withIdempotencyKey,
} from './client.ts';

describe('idempotency keys of sends', () => {
  it('makes a new key per call, in the shape the API accepts', () => {
    const keys = new Set(Array.from({ length: 20 }, newIdempotencyKey));
    expect(keys.size).toBe(20);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(withIdempotencyKey('k-123456')).toEqual({
      headers: { [IDEMPOTENCY_HEADER]: 'k-123456' },
    });
  });

  it.each([
    ['no answer (network dropped)', new TypeError('Failed to fetch'), true],
    [
      'a gateway error without the API body',
      new ApiRequestError(504, 'http_error', 'HTTP 504'),
      true,
    ],
    ['the function crashed', new ApiRequestError(500, 'internal', 'Erreur interne.'), true],
    ['the first request still sending', new ApiRequestError(409, 'request_in_progress', '…'), true],
    ['a STOP refusal', new ApiRequestError(409, 'suppressed', '…'), false],
    ['Twilio refused', new ApiRequestError(502, 'provider_refused', '…'), false],
    ['queued for the send queue', new ApiRequestError(503, 'will_retry', '…'), false],
    ['the key reused', new ApiRequestError(409, 'idempotency_key_reused', '…'), false],
    ['an invalid request', new ApiRequestError(400, 'invalid_request', '…'), false],
  ])('retries a send after %s: %s', (_label, error, retried) => {
    expect(shouldRetrySend(0, error)).toBe(retried);
  });

  it('stops after two automatic retries', () => {
    const dropped = new TypeError('Failed to fetch');
    expect([0, 1, 2].map((n) => shouldRetrySend(n, dropped))).toEqual([true, true, false]);
  });
});
