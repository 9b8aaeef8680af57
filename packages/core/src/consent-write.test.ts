import { describe, expect, it } from 'vitest';
import type { ConsentRecord, ConsentSource } from './consent.ts';
import { planConsentWrite, type SuppressionEntry } from './consent-write.ts';
import type { Channel } from './types.ts';

const AT = new Date('2026-03-03T09:00:00Z');
const E164 = '+33612345678';
const rec = (
  channel: Channel,
  granted: boolean,
  source: ConsentSource,
  scope: 'channel' | 'all' = 'channel',
): ConsentRecord => ({ channel, granted, at: AT, source, actor: 'a', wordingVersion: 'v', scope });
const entry = (scope: SuppressionEntry['scope'], reason: string): SuppressionEntry => ({
  scope,
  reason,
});

describe('planConsentWrite: one rule for every consent change', () => {
  const cases: Array<{
    name: string;
    records: ConsentRecord[];
    suppression: SuppressionEntry | null;
    suppressOnWithdrawal?: boolean;
    expected: { records: number; suppression: unknown; kept?: string | null };
  }> = [
    {
      name: 'STOP by keyword suppresses the channel it came on',
      records: [rec('sms', false, 'keyword')],
      suppression: null,
      expected: {
        records: 1,
        suppression: { action: 'set', scope: 'sms', reason: 'opt_out_keyword', created: true },
      },
    },
    {
      name: 'STOPALL suppresses both messaging channels',
      records: [rec('sms', false, 'keyword', 'all')],
      suppression: null,
      expected: {
        records: 1,
        suppression: { action: 'set', scope: 'all', reason: 'opt_out_keyword', created: true },
      },
    },
    {
      name: 'a STOP on WhatsApp widens an SMS suppression to all',
      records: [rec('whatsapp', false, 'keyword')],
      suppression: entry('sms', 'opt_out_keyword'),
      expected: {
        records: 1,
        suppression: { action: 'set', scope: 'all', reason: 'opt_out_keyword', created: false },
      },
    },
    {
      name: 'START lifts only the channel it names',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('all', 'opt_out_keyword'),
      expected: {
        records: 1,
        suppression: {
          action: 'set',
          scope: 'whatsapp',
          reason: 'opt_out_keyword',
          created: false,
        },
      },
    },
    {
      name: 'START lifts a Twilio opt-out (the customer said it to Twilio too)',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('sms', 'twilio_opt_out'),
      expected: { records: 1, suppression: { action: 'delete' } },
    },
    {
      name: 'staff cannot lift a Twilio opt-out: kept, the customer must send START',
      records: [rec('sms', true, 'counter')],
      suppression: entry('sms', 'twilio_opt_out'),
      expected: { records: 1, suppression: { action: 'keep' }, kept: 'twilio_opt_out' },
    },
    {
      name: 'a web grant lifts our own suppression',
      records: [rec('sms', true, 'web')],
      suppression: entry('sms', 'web_opt_out'),
      expected: { records: 1, suppression: { action: 'delete' } },
    },
    {
      name: 'a staff withdrawal does not suppress unless asked',
      records: [rec('sms', false, 'staff')],
      suppression: null,
      expected: { records: 1, suppression: { action: 'keep' } },
    },
    {
      name: 'the customer’s own withdrawal on the web suppresses when asked',
      records: [rec('whatsapp', false, 'web')],
      suppression: null,
      suppressOnWithdrawal: true,
      expected: {
        records: 1,
        suppression: { action: 'set', scope: 'whatsapp', reason: 'web_opt_out', created: true },
      },
    },
    {
      name: 'a provider opt-out suppresses with its reason',
      records: [rec('sms', false, 'twilio-error')],
      suppression: null,
      expected: {
        records: 1,
        suppression: { action: 'set', scope: 'sms', reason: 'twilio_opt_out', created: true },
      },
    },
    {
      name: 'a provider opt-out already on record writes nothing',
      records: [rec('sms', false, 'twilio-error')],
      suppression: entry('all', 'opt_out_keyword'),
      expected: { records: 0, suppression: { action: 'keep' } },
    },
    {
      name: 'email decisions leave the suppression list alone',
      records: [rec('email', false, 'keyword')],
      suppression: entry('sms', 'opt_out_keyword'),
      expected: { records: 1, suppression: { action: 'keep' } },
    },
  ];
  it.each(cases)('$name', ({ records, suppression, suppressOnWithdrawal, expected }) => {
    const plan = planConsentWrite({ records, e164: E164, suppression, suppressOnWithdrawal });
    expect(plan.records).toHaveLength(expected.records);
    expect(plan.suppression).toEqual(expected.suppression);
    expect(plan.suppressionKept).toBe(expected.kept ?? null);
  });

  it('writes the current state and the counters of every channel a record covers', () => {
    const plan = planConsentWrite({
      records: [rec('whatsapp', false, 'keyword', 'all')],
      e164: E164,
      suppression: null,
    });
    expect(Object.keys(plan.consentMap).sort()).toEqual(['sms', 'whatsapp']);
    expect(plan.consentMap.sms).toMatchObject({
      channel: 'sms',
      granted: false,
      source: 'keyword',
    });
    expect(plan.preferences).toEqual({ smsEnabled: false, whatsappEnabled: false });
    expect(plan.counters).toEqual({ consent_sms_withdrawn: 1, consent_whatsapp_withdrawn: 1 });
    expect(plan.suppressionAdded).toBe(true);
    expect(plan.suppressionLifted).toBe(false);
  });

  it('touches no suppression without a number', () => {
    const plan = planConsentWrite({
      records: [rec('sms', false, 'keyword')],
      e164: null,
      suppression: null,
    });
    expect(plan.suppression).toEqual({ action: 'keep' });
    expect(plan.records).toHaveLength(1);
  });
});
