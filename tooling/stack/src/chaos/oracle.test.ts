import { describe, expect, it } from 'vitest';
import {
  type ConsentEvent,
  judge,
  type OracleCustomer,
  type SentRecord,
  unconsentedReason,
} from './oracle.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, s));
const walkIn: OracleCustomer = {
  clientId: 'c1',
  customerId: null,
  e164: '+33600000001',
  preferences: {},
};
const registered: OracleCustomer = {
  clientId: 'c2',
  customerId: 'u2',
  e164: '+33600000002',
  preferences: { sms: true, email: true, whatsapp: false },
};
const sent = (over: Partial<SentRecord>): SentRecord => ({
  notificationId: 'n1',
  channel: 'sms',
  kind: 'status_completed',
  origin: 'ticket',
  clientId: 'c1',
  customerId: null,
  to: '+33600000001',
  claimedAt: at(10),
  ...over,
});

describe('the consent oracle', () => {
  it('lets a walk-in get service messages by SMS and email, nothing else without consent', () => {
    expect(unconsentedReason(sent({}), walkIn, [])).toBeNull();
    expect(unconsentedReason(sent({ channel: 'email' }), walkIn, [])).toBeNull();
    expect(unconsentedReason(sent({ kind: 'status_in_repair' }), walkIn, [])).toMatch(
      /not a service/,
    );
    expect(unconsentedReason(sent({ channel: 'whatsapp' }), walkIn, [])).toMatch(/opt-in/);
  });

  it('refuses a send claimed after the STOP committed, allows one claimed before, and the confirmation', () => {
    const stop: ConsentEvent[] = [
      { kind: 'stop', e164: '+33600000001', channel: 'sms', at: at(5) },
    ];
    expect(unconsentedReason(sent({}), walkIn, stop)).toMatch(/after its STOP/);
    expect(unconsentedReason(sent({ claimedAt: at(4) }), walkIn, stop)).toBeNull();
    expect(
      unconsentedReason(sent({ kind: 'reply_opt_out', origin: 'auto_reply' }), walkIn, stop),
    ).toBeNull();
    // A STOP by SMS says nothing about WhatsApp.
    expect(unconsentedReason(sent({ channel: 'email' }), walkIn, stop)).toBeNull();
  });

  it('follows a registered customer’s preferences, and their withdrawals', () => {
    const mine = { clientId: 'c2', customerId: 'u2', to: '+33600000002' };
    expect(unconsentedReason(sent({ ...mine }), registered, [])).toBeNull();
    expect(unconsentedReason(sent({ ...mine, channel: 'whatsapp' }), registered, [])).toMatch(
      /never allowed/,
    );
    expect(unconsentedReason(sent({ ...mine, channel: 'push' }), registered, [])).toBeNull();
    const off: ConsentEvent[] = [
      { kind: 'preference_off', customerId: 'u2', channel: 'sms', at: at(5) },
    ];
    expect(unconsentedReason(sent({ ...mine }), registered, off)).toMatch(/switched it off/);
  });
});

describe('the judge', () => {
  const doc = (
    id: string,
    status: string,
    providerId: string | null,
    reason: string | null = null,
  ) => ({
    id,
    channel: 'sms',
    status,
    providerId,
    reason,
    notBefore: null,
  });
  it('counts duplicates, lost, unrecorded and non-terminal documents', () => {
    const verdict = judge(
      [
        doc('ok', 'delivered', 'SM1'),
        doc('dup', 'delivered', 'SM2'),
        doc('lost', 'failed', null),
        doc('skipped', 'skipped', null, 'no_consent'),
        doc('open', 'planned', null),
        { ...doc('mail', 'sent', '<m@x>'), channel: 'email' },
      ],
      new Map([
        ['ok', ['SM1']],
        ['dup', ['SM2', 'SM3']],
        ['ghost', ['SM4']],
      ]),
      at(60),
    );
    expect(verdict).toMatchObject({ planned: 6, sent: 3, lost: ['lost'], nonTerminal: ['open'] });
    expect(verdict.duplicates).toEqual(['dup (SM2, SM3)']);
    expect(verdict.unrecorded).toEqual(['ghost (SM4)']);
  });
});
