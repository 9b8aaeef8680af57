import { describe, expect, it } from 'vitest';
import {
  ACTION_REPLY_KEYS,
  type ActionActor,
  type ActionTicketState,
  actionForText,
  actionReplyKey,
  actionsAvailable,
  actionsOfferedBy,
  CUSTOMER_ACTION_TABLE,
  CUSTOMER_ACTIONS,
  type CustomerAction,
  decideCustomerAction,
  isCustomerAction,
} from './actions.ts';
import {
  classifyInbound,
  normalizeInbound,
  TWILIO_OPT_IN_WORDS,
  TWILIO_OPT_OUT_WORDS,
} from './keywords.ts';
import { TICKET_STATUSES, type TicketStatus } from './types.ts';

const NOW = new Date('2026-03-10T21:30:00Z'); // 22:30 in Paris: still the 10th there
const TZ = 'Europe/Paris';
const ticket = (over: Partial<ActionTicketState> = {}): ActionTicketState => ({
  status: 'quote_pending',
  clientId: 'c1',
  customerId: 'p1',
  quoteDecision: null,
  amountEur: 249,
  appointmentAt: null,
  ...over,
});
const self = { clientId: 'c1', customerId: 'p1' };
const decide = (action: CustomerAction, t: ActionTicketState, actor: ActionActor = self) =>
  decideCustomerAction({ action, ticket: t, actor, now: NOW, timeZone: TZ });

/** What each action does in each status, with no decision taken and an appointment ahead. */
const EXPECTED: Record<CustomerAction, Partial<Record<TicketStatus, string>>> = {
  quote_accept: { quote_pending: 'quoteDecision=accepted' },
  quote_decline: { quote_pending: 'quoteDecision=declined' },
  coming_today: { completed: 'pickupPlannedFor=2026-03-10' },
  coming_tomorrow: { completed: 'pickupPlannedFor=2026-03-11' },
  call_me: Object.fromEntries(
    TICKET_STATUSES.filter((s) => s !== 'cancelled').map((s) => [s, 'callbackRequested=true']),
  ),
  confirm_appointment: Object.fromEntries(
    TICKET_STATUSES.filter((s) => s !== 'cancelled' && s !== 'picked_up').map((s) => [
      s,
      'appointmentConfirmed=true',
    ]),
  ),
  another_slot: Object.fromEntries(
    TICKET_STATUSES.filter((s) => s !== 'cancelled' && s !== 'picked_up').map((s) => [
      s,
      'appointmentChangeRequested=true',
    ]),
  ),
};

describe('decideCustomerAction: every action × every ticket status', () => {
  const ahead = new Date(NOW.getTime() + 86_400_000);
  for (const action of CUSTOMER_ACTIONS) {
    for (const status of TICKET_STATUSES) {
      it(`${action} on a ${status} ticket`, () => {
        const d = decide(action, ticket({ status, appointmentAt: ahead }));
        const expected = EXPECTED[action][status];
        if (expected) {
          expect(d.apply).toBe(true);
          if (d.apply) {
            expect(Object.entries(d.changes).map(([k, v]) => `${k}=${v}`)).toEqual([expected]);
          }
        } else {
          expect(d).toEqual({
            apply: false,
            action,
            reason:
              status === 'picked_up' || status === 'cancelled' ? 'ticket_closed' : 'wrong_status',
          });
        }
      });
    }
  }
});

describe('decideCustomerAction: refusals', () => {
  it('refuses a second decision on the same quote, either way', () => {
    for (const decided of ['accepted', 'declined'] as const) {
      for (const action of ['quote_accept', 'quote_decline'] as const) {
        expect(decide(action, ticket({ quoteDecision: decided }))).toEqual({
          apply: false,
          action,
          reason: 'quote_already_decided',
        });
      }
    }
  });

  it("refuses a payload for another customer's ticket, before anything else", () => {
    for (const action of CUSTOMER_ACTIONS) {
      expect(decide(action, ticket(), { clientId: 'c2', customerId: 'p2' })).toMatchObject({
        apply: false,
        reason: 'other_customer',
      });
    }
    // a walk-in's ticket (no profile) and an actor with no profile: the client decides
    expect(
      decide('call_me', ticket({ customerId: null }), { clientId: 'c1', customerId: null }).apply,
    ).toBe(true);
    expect(
      decide('call_me', ticket({ customerId: null }), { clientId: null, customerId: null }),
    ).toMatchObject({ apply: false, reason: 'other_customer' });
    // the same profile through another client record still owns it
    expect(decide('call_me', ticket(), { clientId: 'c9', customerId: 'p1' }).apply).toBe(true);
  });

  it('refuses appointment actions without an appointment ahead', () => {
    for (const action of ['confirm_appointment', 'another_slot'] as const) {
      for (const appointmentAt of [null, new Date(NOW.getTime() - 60_000), NOW]) {
        expect(decide(action, ticket({ status: 'in_repair', appointmentAt }))).toMatchObject({
          apply: false,
          reason: 'no_appointment',
        });
      }
    }
  });

  it('dates a planned pickup on the shop calendar, not UTC', () => {
    const lateUtc = new Date('2026-03-10T23:30:00Z'); // 00:30 on the 11th in Paris
    const d = decideCustomerAction({
      action: 'coming_today',
      ticket: ticket({ status: 'completed' }),
      actor: self,
      now: lateUtc,
      timeZone: TZ,
    });
    expect(d).toMatchObject({ apply: true, changes: { pickupPlannedFor: '2026-03-11' } });
  });

  it('tells the shop of a quote decision, staff of a decline, a callback and a new slot', () => {
    expect(CUSTOMER_ACTION_TABLE.quote_accept.notify).toEqual(['shop_email']);
    expect(CUSTOMER_ACTION_TABLE.quote_decline.notify).toEqual(['shop_email', 'staff_inbox']);
    expect(CUSTOMER_ACTION_TABLE.call_me.notify).toEqual(['staff_inbox']);
    expect(CUSTOMER_ACTION_TABLE.another_slot.notify).toEqual(['staff_inbox']);
    // callbacks first in the worklist
    const first = [...CUSTOMER_ACTIONS].sort(
      (a, b) => CUSTOMER_ACTION_TABLE[a].staffPriority - CUSTOMER_ACTION_TABLE[b].staffPriority,
    )[0];
    expect(first).toBe('call_me');
  });
});

describe('actionForText: keywords inside the window', () => {
  const quote: CustomerAction[] = ['quote_accept', 'quote_decline', 'call_me'];
  const pickup: CustomerAction[] = ['coming_today', 'coming_tomorrow', 'call_me'];
  it.each([
    ['OUI', quote, 'quote_accept'],
    ['Oui merci !', quote, 'quote_accept'],
    ["J'accepte le devis", quote, 'quote_accept'],
    ['non', quote, 'quote_decline'],
    ['DEMAIN', pickup, 'coming_tomorrow'],
    ["Je passe aujourd'hui svp", pickup, 'coming_today'],
    ['Appelez-moi', pickup, 'call_me'],
    ['rappelez moi s’il vous plaît', quote, 'call_me'],
  ] as const)('%s → %s', (body, offered, expected) => {
    expect(actionForText(body, offered)).toBe(expected);
  });

  it.each([
    ['oui mais pas avant lundi', quote],
    ['DEMAIN', quote], // not offered by the latest message
    ['OUI', pickup],
    ['', quote],
    ['merci', quote],
  ] as const)('%s means nothing here', (body, offered) => {
    expect(actionForText(body, offered)).toBeNull();
  });

  it('no keyword is a consent keyword or one Twilio acts on', () => {
    const twilio = [...TWILIO_OPT_OUT_WORDS, ...TWILIO_OPT_IN_WORDS].map((w) =>
      normalizeInbound(w),
    );
    for (const action of CUSTOMER_ACTIONS) {
      for (const phrase of CUSTOMER_ACTION_TABLE[action].keywords) {
        expect(classifyInbound(phrase).intent, phrase).toBe('escalate');
        expect(twilio, phrase).not.toContain(phrase);
        expect(normalizeInbound(phrase), phrase).toBe(phrase);
      }
    }
  });

  it('no two actions offered together share a keyword', () => {
    for (const a of CUSTOMER_ACTIONS) {
      for (const b of CUSTOMER_ACTIONS) {
        if (a === b) continue;
        const together = CUSTOMER_ACTION_TABLE[a].offeredBy.some((k) =>
          CUSTOMER_ACTION_TABLE[b].offeredBy.includes(k),
        );
        if (!together) continue;
        const shared = CUSTOMER_ACTION_TABLE[a].keywords.filter((w) =>
          CUSTOMER_ACTION_TABLE[b].keywords.includes(w),
        );
        expect(shared, `${a} / ${b}`).toEqual([]);
      }
    }
  });
});

describe('the table around the decision', () => {
  it('offers the quote actions on the quote message and the pickup ones on the ready message', () => {
    expect(actionsOfferedBy('status_quote_pending')).toEqual([
      'quote_accept',
      'quote_decline',
      'call_me',
    ]);
    expect(actionsOfferedBy('status_completed')).toEqual([
      'coming_today',
      'coming_tomorrow',
      'call_me',
    ]);
    expect(actionsOfferedBy('appointment_changed')).toEqual([
      'confirm_appointment',
      'another_slot',
      'call_me',
    ]);
    expect(actionsOfferedBy('status_in_repair')).toEqual([]);
  });

  it('the page never offers what would be refused', () => {
    const base = { quoteDecision: null, amountEur: 249, appointmentAt: null };
    expect(actionsAvailable({ ...base, status: 'quote_pending' }, NOW)).toEqual([
      'quote_accept',
      'quote_decline',
      'call_me',
    ]);
    expect(
      actionsAvailable({ ...base, status: 'quote_pending', quoteDecision: 'accepted' }, NOW),
    ).toEqual(['call_me']);
    expect(actionsAvailable({ ...base, status: 'cancelled' }, NOW)).toEqual([]);
  });

  it('every decision has a confirmation key', () => {
    expect(actionReplyKey(decide('quote_accept', ticket()))).toBe('quote_accept');
    expect(actionReplyKey(decide('quote_accept', ticket({ quoteDecision: 'accepted' })))).toBe(
      'refused_quote_already_decided',
    );
    expect(new Set(ACTION_REPLY_KEYS).size).toBe(ACTION_REPLY_KEYS.length);
    expect(isCustomerAction('quote_accept')).toBe(true);
    expect(isCustomerAction('rate_5')).toBe(false);
  });
});
