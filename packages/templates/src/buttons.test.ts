import { actionsOfferedBy, isCustomerAction, NOTIFICATION_KINDS } from '@omega/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buttonPayload,
  parseButtonPayload,
  QUICK_REPLY_ACTIONS,
  QUICK_REPLY_TITLES,
  scoreOfAction,
} from './buttons.ts';
import { TEMPLATES } from './catalog/index.ts';

describe('button payloads', () => {
  it('round-trip any ticket id and action', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.constantFrom(...QUICK_REPLY_ACTIONS),
        (id, action) => {
          expect(parseButtonPayload(buttonPayload(id, action))).toEqual({ ticketId: id, action });
        },
      ),
    );
  });

  it.each([
    '',
    'STOP',
    'ticket:abc',
    'ticket:abc:dance',
    'ticket:a/b:call_me',
    'order:abc:call_me',
  ])('ignores %j', (payload) => {
    expect(parseButtonPayload(payload)).toBeNull();
  });

  it('has titles of at most 20 characters (WhatsApp limit) in both languages', () => {
    for (const titles of Object.values(QUICK_REPLY_TITLES)) {
      for (const action of QUICK_REPLY_ACTIONS) {
        expect(titles[action].length).toBeGreaterThan(0);
        expect(titles[action].length).toBeLessThanOrEqual(20);
      }
    }
  });
});

describe("the catalogue's buttons and core's action table agree", () => {
  it('every button of a template is an action core says that kind offers (or a survey score)', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const buttons = TEMPLATES[kind].buttons.filter((b) => scoreOfAction(b) === null);
      const offered = actionsOfferedBy(kind);
      for (const button of buttons) {
        expect(isCustomerAction(button), `${kind}: ${button}`).toBe(true);
        expect(offered, `${kind}: ${button}`).toContain(button);
      }
    }
  });

  it('every action core says a kind offers is a button on its WhatsApp template', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect([...TEMPLATES[kind].buttons].sort(), kind).toEqual(
        expect.arrayContaining([...actionsOfferedBy(kind)].sort()),
      );
    }
  });
});
