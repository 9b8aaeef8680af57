import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyStatus, isFinalStatus, STATUS_RANK, summarizeStatuses } from './delivery-state.ts';
import type { TwilioMessageStatus } from './types.ts';

const OUTBOUND_ORDER: TwilioMessageStatus[] = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'canceled',
  'failed',
  'undelivered',
  'partially_delivered',
  'delivered',
  'read',
];
const ALL: TwilioMessageStatus[] = ['receiving', 'received', ...OUTBOUND_ORDER];
const statusArb = fc.constantFrom(...ALL);

describe('STATUS_RANK', () => {
  it('orders outbound statuses from accepted to read', () => {
    const ranks = OUTBOUND_ORDER.map((s) => STATUS_RANK[s]);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
  });

  it('is one total order over all 13 statuses', () => {
    expect(Object.keys(STATUS_RANK).sort()).toEqual([...ALL].sort());
    expect(new Set(Object.values(STATUS_RANK)).size).toBe(13);
    expect(STATUS_RANK.receiving).toBeLessThan(STATUS_RANK.received);
    expect(STATUS_RANK.received).toBeLessThan(STATUS_RANK.accepted);
  });

  it('ranks every outcome above every in-flight status', () => {
    const inFlight = ALL.filter((s) => !isFinalStatus(s) && s !== 'receiving');
    const outcomes = ALL.filter((s) => isFinalStatus(s) && s !== 'received');
    for (const a of inFlight)
      for (const b of outcomes) expect(STATUS_RANK[a]).toBeLessThan(STATUS_RANK[b]);
  });
});

describe('isFinalStatus', () => {
  it.each([
    ['accepted', false],
    ['scheduled', false],
    ['queued', false],
    ['sending', false],
    ['sent', false],
    ['receiving', false],
    ['canceled', true],
    ['failed', true],
    ['undelivered', true],
    ['partially_delivered', true],
    ['delivered', true],
    ['read', true],
    ['received', true],
  ] as const)('%s → %s', (status, expected) => {
    expect(isFinalStatus(status)).toBe(expected);
  });
});

describe('summarizeStatuses', () => {
  it.each([
    [[], null],
    [['queued'], 'queued'],
    [['queued', 'sent'], 'sent'],
    [['sent', 'queued'], 'sent'],
    [['undelivered', 'delivered'], 'delivered'],
    [['delivered', 'undelivered'], 'delivered'],
    [['delivered', 'read', 'sent'], 'read'],
    [['failed', 'sent', 'queued'], 'failed'],
    [['scheduled', 'canceled'], 'canceled'],
    [['canceled', 'scheduled', 'accepted'], 'canceled'],
    [['sent', 'sent', 'sent'], 'sent'],
    [['accepted', 'scheduled'], 'scheduled'],
    [['sending', 'queued'], 'sending'],
    [['partially_delivered', 'undelivered'], 'partially_delivered'],
    [['receiving', 'received'], 'received'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(summarizeStatuses(statuses)).toBe(expected);
  });

  it('accepts any iterable, read once', () => {
    function* callbacks(): Generator<TwilioMessageStatus> {
      yield 'sent';
      yield 'delivered';
      yield 'queued';
    }
    expect(summarizeStatuses(callbacks())).toBe('delivered');
    expect(summarizeStatuses(new Set<TwilioMessageStatus>(['sent', 'failed']))).toBe('failed');
  });

  it('does not depend on order or duplicates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(statusArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer(),
        (statuses, duplicates, seed) => {
          const expected = summarizeStatuses(statuses);
          const withDuplicates = [
            ...statuses,
            ...duplicates.map((i) => statuses[i % statuses.length] as TwilioMessageStatus),
          ];
          // A deterministic shuffle driven by the generated seed.
          const shuffled = withDuplicates
            .map((status, i) => ({ status, key: Math.imul(i + 1, seed | 1) ^ (seed >>> 3) }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.status);
          expect(summarizeStatuses(shuffled)).toBe(expected);
          expect(summarizeStatuses([...statuses].reverse())).toBe(expected);
          // And it is the highest ranked of them.
          for (const status of statuses) {
            expect(STATUS_RANK[status]).toBeLessThanOrEqual(
              STATUS_RANK[expected as TwilioMessageStatus],
            );
          }
          expect(statuses).toContain(expected);
        },
      ),
      { seed: 1110, numRuns: 1000 },
    );
  });

  it('matches folding applyStatus in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(statusArb, { maxLength: 10 }), (statuses) => {
        let current: TwilioMessageStatus | null = null;
        for (const status of statuses) current = applyStatus(current, status).status;
        expect(current).toBe(summarizeStatuses(statuses));
      }),
      { seed: 1111, numRuns: 500 },
    );
  });
});

describe('applyStatus', () => {
  it.each([
    [null, 'queued', 'queued', true],
    [null, 'delivered', 'delivered', true],
    ['queued', 'sent', 'sent', true],
    ['sent', 'queued', 'sent', false],
    ['sent', 'sent', 'sent', false],
    ['delivered', 'sent', 'delivered', false],
    ['delivered', 'undelivered', 'delivered', false],
    ['undelivered', 'delivered', 'delivered', true],
    ['delivered', 'read', 'read', true],
    ['read', 'delivered', 'read', false],
    ['failed', 'queued', 'failed', false],
    ['scheduled', 'canceled', 'canceled', true],
    ['canceled', 'scheduled', 'canceled', false],
    ['accepted', 'scheduled', 'scheduled', true],
  ] as const)('%s + %s → %s (changed %s)', (current, incoming, status, changed) => {
    expect(applyStatus(current, incoming)).toEqual({ status, changed });
  });

  it('never moves down (property)', () => {
    fc.assert(
      fc.property(statusArb, statusArb, (current, incoming) => {
        const result = applyStatus(current, incoming);
        expect(STATUS_RANK[result.status]).toBeGreaterThanOrEqual(STATUS_RANK[current]);
        expect(result.changed).toBe(result.status !== current);
      }),
      { seed: 1112, numRuns: 300 },
    );
  });
});
