import { INBOUND_KEYWORDS, type InboundIntent } from '@omega/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACK_BUCKET_MS, ackBucket, replyFor, replyNotificationId } from './auto-reply.ts';

describe('replyFor', () => {
  it.each<[InboundIntent, boolean, string, boolean]>([
    ['opt_out', true, 'reply_opt_out', false],
    ['opt_out_all', false, 'reply_opt_out', false],
    ['opt_in', false, 'reply_opt_in', false],
    ['help', false, 'reply_help', false],
    ['hours', false, 'reply_hours', false],
    ['address', true, 'reply_address', false],
    ['status', true, 'reply_status', false],
    ['status', false, 'reply_escalation_ack', true],
    ['escalate', true, 'reply_escalation_ack', true],
    ['escalate', false, 'reply_escalation_ack', true],
  ])('%s (ticket known: %s) → %s, escalated: %s', (intent, hasTicket, kind, escalate) => {
    expect(replyFor(intent, hasTicket)).toEqual({ kind, escalate });
  });

  it('covers every keyword intent core knows', () => {
    for (const intent of Object.keys(INBOUND_KEYWORDS) as InboundIntent[]) {
      expect(replyFor(intent, true).kind).toMatch(/^reply_/);
    }
  });
});

describe('acknowledgement buckets', () => {
  it('two times less than a bucket apart are in the same or adjacent buckets; a bucket apart never the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 0, max: ACK_BUCKET_MS - 1 }),
        (t, d) => {
          const a = ackBucket(new Date(t));
          const b = ackBucket(new Date(t + d));
          expect(b - a).toBeGreaterThanOrEqual(0);
          expect(b - a).toBeLessThanOrEqual(1);
          expect(ackBucket(new Date(t + ACK_BUCKET_MS))).toBe(a + 1);
        },
      ),
    );
  });

  it('the reply id is derived from the inbound MessageSid (a valid task id)', () => {
    const id = replyNotificationId('SM0123456789abcdef0123456789abcdef');
    expect(id).toBe('reply_SM0123456789abcdef0123456789abcdef');
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,500}$/);
  });
});
