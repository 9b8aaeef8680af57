import { describe, expect, it } from 'vitest';
import { type ActionLog, actionsOk, type ChaosTap, judgeActions } from './actions-oracle.ts';

const tap = (sid: string, over: Partial<ChaosTap> = {}): ChaosTap => ({
  sid,
  ticketId: 't1',
  action: 'quote_accept',
  foreign: false,
  ...over,
});
const log = (sid: string, over: Partial<ActionLog> = {}): ActionLog => ({
  id: `sid_${sid}`,
  ticketId: 't1',
  action: 'quote_accept',
  outcome: 'applied',
  reason: null,
  ...over,
});

describe('the chaos oracle for customer actions', () => {
  it('accepts one applied decision, its field, its sent email, and a refused second tap', () => {
    const v = judgeActions({
      taps: [tap('A'), tap('B', { action: 'quote_decline' })],
      logs: [
        log('A'),
        log('B', { action: 'quote_decline', outcome: 'refused', reason: 'quote_already_decided' }),
      ],
      decisions: new Map([['t1', 'accepted']]),
      emails: new Map([['sid_A', 'sent']]),
    });
    expect(actionsOk(v)).toBe(true);
    expect(v).toMatchObject({ taps: 2, applied: 1, refused: 1 });
  });

  it('finds a lost tap, two applied decisions, a wrong field, a foreign tap applied, an email in flight', () => {
    expect(
      judgeActions({
        taps: [tap('A')],
        logs: [],
        decisions: new Map([['t1', null]]),
        emails: new Map(),
      }).lost,
    ).toHaveLength(1);
    expect(
      judgeActions({
        taps: [tap('A'), tap('B', { action: 'quote_decline' })],
        logs: [log('A'), log('B', { action: 'quote_decline' })],
        decisions: new Map([['t1', 'declined']]),
        emails: new Map([
          ['sid_A', 'sent'],
          ['sid_B', 'sent'],
        ]),
      }).inconsistent,
    ).toEqual(['t1: 2 applied decisions']);
    expect(
      judgeActions({
        taps: [tap('A')],
        logs: [log('A')],
        decisions: new Map([['t1', null]]),
        emails: new Map([['sid_A', 'sent']]),
      }).inconsistent,
    ).toEqual(['t1: quoteDecision null, its log says accepted']);
    const foreign = judgeActions({
      taps: [tap('A', { foreign: true, ticketId: 't2' })],
      logs: [log('A', { ticketId: 't2' })],
      decisions: new Map([['t2', 'accepted']]),
      emails: new Map([['sid_A', 'sending']]),
    });
    expect(foreign.foreignApplied).toHaveLength(1);
    expect(foreign.emails).toEqual(['sid_A: shop email still sending']);
    expect(actionsOk(foreign)).toBe(false);
  });
});
