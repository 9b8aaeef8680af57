import { describe, expect, it } from 'vitest';
import { responseLatencyCounter } from '../store/stats.ts';
import { marksClearedBy, receivedAtOf } from './inbound.ts';

describe('marksClearedBy', () => {
  it.each([
    ['sms', 'invalid', true],
    ['sms', 'unknown_handset', true],
    ['sms', 'landline', true],
    ['whatsapp', 'invalid', true],
    ['whatsapp', 'unknown_handset', true],
    ['whatsapp', 'landline', false],
  ] as const)('a message on %s disproves a %s mark: %s', (channel, status, cleared) => {
    expect(marksClearedBy(channel).has(status)).toBe(cleared);
  });
});

describe('responseLatencyCounter', () => {
  it.each([
    [0, 'sms_response_lt5m'],
    [299_999, 'sms_response_lt5m'],
    [300_000, 'sms_response_lt1h'],
    [3_600_000, 'sms_response_lt24h'],
    [86_400_000, 'sms_response_lt7d'],
    [7 * 86_400_000, 'sms_response_ge7d'],
  ])('%i ms → %s', (ms, name) => {
    expect(responseLatencyCounter('sms', ms)).toBe(name);
  });
});

describe('receivedAtOf', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  it.each([
    ['2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.000Z'],
    ['2026-12-02T10:00:05.000Z', '2026-12-02T10:00:00.000Z'],
    ['not a date', '2026-12-02T10:00:00.000Z'],
  ])('%s → %s', (receivedAt, expected) => {
    expect(receivedAtOf({ receivedAt }, now).toISOString()).toBe(expected);
  });
});
