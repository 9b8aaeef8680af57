import { describe, expect, it } from 'vitest';
import { parseForwardedEvent } from './event.ts';

const EVENT = {
  id: 'status:SM1:delivered',
  type: 'status',
  receivedAt: '2026-05-01T10:00:00.000Z',
  notificationId: 'notif_1',
  params: { MessageSid: 'SM1', MediaUrl: ['a', 'b'] },
};

describe('parseForwardedEvent', () => {
  it('accepts a well-formed event, with or without notificationId', () => {
    expect(parseForwardedEvent(EVENT)).toEqual({ ok: true, value: EVENT });
    const { notificationId: _n, ...inbound } = { ...EVENT, type: 'inbound' };
    expect(parseForwardedEvent(inbound)).toEqual({ ok: true, value: inbound });
  });

  it('drops unknown fields', () => {
    const parsed = parseForwardedEvent({ ...EVENT, extra: 1 });
    expect(parsed.ok && 'extra' in parsed.value).toBe(false);
  });

  it.each([
    ['null', null],
    ['a string', 'x'],
    ['an empty id', { ...EVENT, id: '' }],
    ['an unknown type', { ...EVENT, type: 'voice' }],
    ['a bad date', { ...EVENT, receivedAt: 'yesterday' }],
    ['an empty notificationId', { ...EVENT, notificationId: '' }],
    ['numeric params', { ...EVENT, params: { a: 1 } }],
    ['array params', { ...EVENT, params: ['a'] }],
    ['nested arrays', { ...EVENT, params: { a: [['x']] } }],
  ])('rejects %s', (_name, value) => {
    const parsed = parseForwardedEvent(value);
    expect(parsed).toMatchObject({ ok: false, error: { code: 'invalid_event' } });
  });
});
