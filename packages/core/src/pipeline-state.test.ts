import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_RANK } from './delivery-state.ts';
import {
  isDispatchable,
  nextStatus,
  PIPELINE_STATUSES,
  PIPELINE_TRANSITIONS,
  type TransitionSource,
} from './pipeline-state.ts';
import type { NotificationStatus, TwilioMessageStatus } from './types.ts';

const PROVIDER = Object.keys(STATUS_RANK) as TwilioMessageStatus[];
const ALL: NotificationStatus[] = [...PIPELINE_STATUSES, ...PROVIDER];

describe('nextStatus: the pipeline state machine', () => {
  // from, to, source, expected status (null = illegal), changed
  const table: Array<
    [
      NotificationStatus | null,
      NotificationStatus,
      TransitionSource,
      NotificationStatus | null,
      boolean,
    ]
  > = [
    [null, 'planned', 'pipeline', 'planned', true],
    ['planned', 'deferred', 'pipeline', 'deferred', true],
    ['planned', 'held', 'pipeline', 'held', true],
    ['planned', 'skipped', 'pipeline', 'skipped', true],
    ['planned', 'error', 'pipeline', 'error', true],
    ['planned', 'failed', 'pipeline', 'failed', true],
    ['planned', 'queued', 'provider', 'queued', true],
    ['planned', 'delivered', 'callback', 'delivered', true],
    ['deferred', 'planned', 'pipeline', 'planned', true],
    ['held', 'planned', 'pipeline', 'planned', true],
    ['held', 'skipped', 'pipeline', 'skipped', true],
    ['held', 'error', 'pipeline', null, false],
    ['error', 'error', 'pipeline', 'error', false],
    ['error', 'queued', 'provider', 'queued', true],
    ['error', 'failed', 'pipeline', 'failed', true],
    ['skipped', 'planned', 'pipeline', null, false],
    ['skipped', 'queued', 'provider', null, false],
    ['skipped', 'delivered', 'callback', null, false],
    // provider statuses move forward only
    ['queued', 'sent', 'callback', 'sent', true],
    ['delivered', 'sent', 'callback', 'delivered', false],
    ['delivered', 'queued', 'provider', 'delivered', false],
    ['read', 'delivered', 'callback', 'read', false],
    ['failed', 'delivered', 'callback', 'delivered', true],
    ['sending', 'queued', 'callback', 'sending', false],
    // a failure written by an attempt never replaces what the provider said
    ['delivered', 'error', 'pipeline', null, false],
    ['queued', 'failed', 'pipeline', null, false],
    ['sent', 'skipped', 'pipeline', null, false],
    ['delivered', 'planned', 'pipeline', null, false],
    ['failed', 'failed', 'pipeline', 'failed', false],
    ['failed', 'error', 'pipeline', null, false],
  ];
  it.each(table)('%s → %s (%s) gives %s', (from, to, source, expected, changed) => {
    const r = nextStatus(from, to, source);
    if (expected === null) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('illegal_transition');
        expect(r.error.from).toBe(from);
        expect(r.error.message).toContain(`${from} to ${to}`);
      }
    } else {
      expect(r).toEqual({ ok: true, value: { status: expected, changed } });
    }
  });

  it('follows the pipeline table for every pair of pipeline statuses', () => {
    for (const from of PIPELINE_STATUSES) {
      for (const to of PIPELINE_STATUSES) {
        const r = nextStatus(from, to, 'pipeline');
        expect(r.ok).toBe(PIPELINE_TRANSITIONS[from].includes(to));
      }
    }
  });

  it('never moves a provider status backwards, whatever the order of callbacks', () => {
    const provider = fc.constantFrom(...PROVIDER);
    fc.assert(
      fc.property(provider, fc.array(provider, { maxLength: 12 }), (first, rest) => {
        let status: NotificationStatus = first;
        for (const next of rest) {
          const r = nextStatus(status, next, 'callback');
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(STATUS_RANK[r.value.status as TwilioMessageStatus]).toBeGreaterThanOrEqual(
            STATUS_RANK[status as TwilioMessageStatus],
          );
          status = r.value.status;
        }
        const max = [first, ...rest].reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a));
        expect(status).toBe(max);
      }),
    );
  });

  it('is total: every pair answers a status or a typed error', () => {
    for (const from of ALL)
      for (const to of ALL)
        for (const source of ['pipeline', 'callback'] as const) {
          const r = nextStatus(from, to, source);
          if (r.ok) expect(ALL).toContain(r.value.status);
          else expect(r.error.code).toBe('illegal_transition');
        }
  });

  it('lets the send task take planned, deferred and error only', () => {
    expect(ALL.filter(isDispatchable).sort()).toEqual(['deferred', 'error', 'planned']);
  });
});
