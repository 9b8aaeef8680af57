import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SWEEP_GRACE_MS, SWEEP_MAX_REDRIVES, sweepVerdict } from './sweep.ts';
import type { NotificationStatus } from './types.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const facts = (over: Partial<Parameters<typeof sweepVerdict>[0]> = {}) => ({
  status: 'planned' as NotificationStatus,
  updatedAt: ago(SWEEP_GRACE_MS + 1),
  notBefore: null,
  holdExpiresAt: null,
  sweeps: 0,
  ...over,
});

describe('sweepVerdict', () => {
  it.each(['skipped', 'failed', 'delivered', 'read', 'undelivered', 'canceled'] as const)(
    'leaves a terminal %s alone',
    (status) => {
      expect(sweepVerdict(facts({ status, updatedAt: ago(86_400_000) }), NOW)).toEqual({
        action: 'none',
      });
    },
  );

  it.each(['accepted', 'queued', 'sending', 'sent'] as const)(
    'leaves a message in flight at the provider (%s) to the reconciliation schedule',
    (status) => {
      expect(sweepVerdict(facts({ status }), NOW).action).toBe('none');
    },
  );

  it('waits for a planned message within the grace, re-drives one past it', () => {
    expect(sweepVerdict(facts({ updatedAt: ago(60_000) }), NOW)).toEqual({
      action: 'wait',
      until: new Date(ago(60_000).getTime() + SWEEP_GRACE_MS),
    });
    expect(sweepVerdict(facts(), NOW)).toEqual({ action: 'redrive', overdueMs: 1 });
  });

  it('counts a deferral or a scheduled retry from its notBefore', () => {
    const tomorrow = new Date(NOW.getTime() + 20 * 3_600_000);
    expect(sweepVerdict(facts({ status: 'deferred', notBefore: tomorrow }), NOW).action).toBe(
      'wait',
    );
    const retry = facts({
      status: 'error',
      updatedAt: ago(3_600_000),
      notBefore: ago(SWEEP_GRACE_MS + 5),
    });
    expect(sweepVerdict(retry, NOW)).toEqual({ action: 'redrive', overdueMs: 5 });
  });

  it('closes as stuck after the last re-drive', () => {
    expect(sweepVerdict(facts({ sweeps: SWEEP_MAX_REDRIVES - 1 }), NOW).action).toBe('redrive');
    expect(sweepVerdict(facts({ sweeps: SWEEP_MAX_REDRIVES }), NOW)).toMatchObject({
      action: 'close',
      reason: 'stuck',
    });
  });

  it('closes a hold past its expiry and the grace, not before', () => {
    expect(sweepVerdict(facts({ status: 'held', holdExpiresAt: ago(60_000) }), NOW).action).toBe(
      'wait',
    );
    expect(
      sweepVerdict(facts({ status: 'held', holdExpiresAt: ago(SWEEP_GRACE_MS) }), NOW),
    ).toMatchObject({
      action: 'close',
      reason: 'hold_expired',
    });
  });

  it('never leaves a non-terminal notification without a future due time or an action (property)', () => {
    const statuses: NotificationStatus[] = ['planned', 'deferred', 'error', 'held'];
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.integer({ min: -86_400_000, max: 86_400_000 }),
        fc.option(fc.integer({ min: -86_400_000, max: 86_400_000 }), { nil: null }),
        fc.integer({ min: 0, max: 5 }),
        (status, updatedOffset, dueOffset, sweeps) => {
          const v = sweepVerdict(
            {
              status,
              updatedAt: ago(updatedOffset),
              notBefore: dueOffset === null ? null : ago(dueOffset),
              holdExpiresAt: status === 'held' && dueOffset !== null ? ago(dueOffset) : null,
              sweeps,
            },
            NOW,
          );
          if (v.action === 'wait') expect(v.until.getTime()).toBeGreaterThan(NOW.getTime());
          else expect(['redrive', 'close']).toContain(v.action);
        },
      ),
    );
  });
});
