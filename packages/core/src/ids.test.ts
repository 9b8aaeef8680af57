import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64Hex, NOTIFICATION_ID_TICKET_PREFIX_LENGTH, notificationId } from './ids.ts';
import type { Channel } from './types.ts';
import { CHANNELS } from './types.ts';

describe('fnv1a64Hex', () => {
  // Reference vectors of 64-bit FNV-1a (Fowler/Noll/Vo test suite).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j → %s', (text, hex) => {
    expect(fnv1a64Hex(text)).toBe(hex);
  });

  it.each([
    ['é', '0ac21707b7181e01'], // UTF-8 c3 a9, not the single code unit 0xe9 (af64644c8602d3a4)
    ['😀', 'feff073875020288'], // 4 UTF-8 bytes, not two UTF-16 surrogates
  ])('hashes the UTF-8 bytes of %j', (text, hex) => {
    expect(fnv1a64Hex(text)).toBe(hex);
  });

  it('property: equals a straightforward BigInt FNV-1a 64', () => {
    const reference = (text: string) => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(text)) {
        hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      }
      return hash.toString(16).padStart(16, '0');
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(fnv1a64Hex(text)).toBe(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it('pads short hashes to 16 hex digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        expect(fnv1a64Hex(text)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });
});

describe('notificationId', () => {
  const base = { ticketId: 'tk_8f2Kq', changeId: 'evt-1', channel: 'sms' as Channel };

  it('has the form <ticket prefix>_<channel>_<hash>', () => {
    expect(notificationId(base)).toBe(
      `tk-8f2Kq_sms_${fnv1a64Hex(JSON.stringify(['tk_8f2Kq', 'evt-1', 'sms']))}`,
    );
  });

  it('is the same for a redelivered trigger (same inputs)', () => {
    expect(notificationId({ ...base })).toBe(notificationId(base));
  });

  it('is new when the same status comes back later (different change id)', () => {
    expect(notificationId({ ...base, changeId: 'evt-2' })).not.toBe(notificationId(base));
  });

  it.each(CHANNELS)('differs per channel (%s)', (channel) => {
    const others = CHANNELS.filter((c) => c !== channel).map((c) =>
      notificationId({ ...base, channel: c }),
    );
    const id = notificationId({ ...base, channel });
    expect(others).not.toContain(id);
    expect(id).toContain(`_${channel}_`);
  });

  it('differs per ticket', () => {
    expect(notificationId({ ...base, ticketId: 'tk-8f2Kq' })).not.toBe(notificationId(base));
  });

  it('does not confuse where one field ends and the next begins', () => {
    const a = notificationId({ ticketId: 'a', changeId: 'b_c', channel: 'sms' });
    const b = notificationId({ ticketId: 'a_b', changeId: 'c', channel: 'sms' });
    expect(a).not.toBe(b);
  });

  it('keeps only 32 Firestore-safe characters of the ticket id', () => {
    const id = notificationId({ ...base, ticketId: `${'x'.repeat(40)}/..__y__` });
    expect(id).toBe(
      `${'x'.repeat(NOTIFICATION_ID_TICKET_PREFIX_LENGTH)}_sms_${fnv1a64Hex(
        JSON.stringify([`${'x'.repeat(40)}/..__y__`, 'evt-1', 'sms']),
      )}`,
    );
  });

  it('replaces unsafe characters of a short ticket id with "-"', () => {
    expect(notificationId({ ...base, ticketId: 'a/b.c__d é' }).split('_sms_')[0]).toBe(
      'a-b-c--d--',
    );
  });

  it.each([
    [{ ...base, ticketId: '' }, 'ticketId'],
    [{ ...base, changeId: '' }, 'changeId'],
  ])('throws on an empty identity (%j)', (input, field) => {
    expect(() => notificationId(input)).toThrow(`notificationId: ${field} is empty`);
  });

  it('property: always a valid, short Firestore document id', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.constantFrom(...CHANNELS),
        (ticketId, changeId, channel) => {
          const id = notificationId({ ticketId, changeId, channel });
          expect(id).toMatch(/^[A-Za-z0-9-]{0,32}_(email|sms|whatsapp|push)_[0-9a-f]{16}$/);
          expect(id).not.toContain('__');
          expect(id.length).toBeLessThanOrEqual(32 + 1 + 8 + 1 + 16);
        },
      ),
    );
  });

  it('property: distinct inputs give distinct ids, equal inputs equal ids', () => {
    const input = fc.record({
      ticketId: fc.string({ minLength: 1, maxLength: 12 }),
      changeId: fc.string({ minLength: 1, maxLength: 12 }),
      channel: fc.constantFrom(...CHANNELS),
    });
    fc.assert(
      fc.property(input, input, (a, b) => {
        const same =
          a.ticketId === b.ticketId && a.changeId === b.changeId && a.channel === b.channel;
        expect(notificationId(a) === notificationId(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});
