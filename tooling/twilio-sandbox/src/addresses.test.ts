import { describe, expect, it } from 'vitest';
import { checkDestination, parseAddress } from './addresses.ts';
import { MAGIC_NUMBERS, magicFailure } from './magic-numbers.ts';

describe('checkDestination', () => {
  it.each([
    ['+33612345678', { ok: true, country: 'FR' }],
    ['whatsapp:+33612345678', { ok: true, country: 'FR' }],
    ['+262692123456', { ok: true, country: 'RE' }],
    ['+33700000000', { ok: false, code: 21211 }],
    ['0612345678', { ok: false, code: 21211 }],
    ['+33 6 12 34 56 78', { ok: false, code: 21211 }],
    ['+33123456789', { ok: false, code: 21614 }],
    ['+33800000000', { ok: false, code: 21614 }],
    ['whatsapp:+33123456789', { ok: true, country: 'FR' }],
  ])('%s → %o', (raw, expected) => {
    expect(checkDestination(parseAddress(raw))).toMatchObject(expected);
  });
});

describe('magic numbers', () => {
  it.each(MAGIC_NUMBERS)('$number is a valid French mobile', ({ number }) => {
    expect(checkDestination(parseAddress(number))).toEqual({ ok: true, country: 'FR' });
  });

  it('are all different', () => {
    expect(new Set(MAGIC_NUMBERS.map((m) => m.number)).size).toBe(MAGIC_NUMBERS.length);
  });

  it.each([
    ['sms', '+33600000003', true, { status: 'undelivered', code: 30003 }],
    ['whatsapp', '+33600000007', true, { status: 'undelivered', code: 30007 }],
    ['whatsapp', '+33600000024', true, { status: 'failed', code: 63024 }],
    ['sms', '+33600000024', true, null],
    ['whatsapp', '+33600000016', true, { status: 'failed', code: 63016 }],
    ['whatsapp', '+33600000016', false, null],
    ['sms', '+33612345678', true, null],
  ] as const)('%s to %s (free text %s) → %o', (channel, number, freeText, expected) => {
    expect(magicFailure(channel, number, freeText)).toEqual(expected);
  });
});
