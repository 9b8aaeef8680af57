import { describe, expect, it } from 'vitest';
import type { ConsentRecord, ConsentSource } from './consent.ts';
import { planConsentWrite, providerHeldChannels, type SuppressionEntry } from './consent-write.ts';
import type { ProviderKeyword } from './keywords.ts';
import type { Channel } from './types.ts';

const AT = new Date('2026-03-03T09:00:00Z');
const E164 = '+33612345678';
const rec = (
  channel: Channel,
  granted: boolean,
  source: ConsentSource,
  scope: 'channel' | 'all' = 'channel',
): ConsentRecord => ({ channel, granted, at: AT, source, actor: 'a', wordingVersion: 'v', scope });
const entry = (
  scope: SuppressionEntry['scope'],
  reason: string,
  providerHeld?: SuppressionEntry['providerHeld'],
): SuppressionEntry => ({ scope, reason, ...(providerHeld ? { providerHeld } : {}) });

const set = (
  scope: SuppressionEntry['scope'],
  reason: string,
  providerHeld: string[],
  created: boolean,
) => ({ action: 'set', scope, reason, providerHeld, created });

describe('planConsentWrite: one rule for every consent change', () => {
  const cases: Array<{
    name: string;
    records: ConsentRecord[];
    suppression: SuppressionEntry | null;
    suppressOnWithdrawal?: boolean;
    provider?: ProviderKeyword | null;
    expected: { records: number; suppression: unknown; kept?: string | null };
  }> = [
    {
      name: 'STOP by keyword suppresses the channel it came on',
      records: [rec('sms', false, 'keyword')],
      suppression: null,
      expected: {
        records: 1,
        suppression: set('sms', 'opt_out_keyword', [], true),
      },
    },
    {
      name: 'STOPALL suppresses both messaging channels',
      records: [rec('sms', false, 'keyword', 'all')],
      suppression: null,
      expected: {
        records: 1,
        suppression: set('all', 'opt_out_keyword', [], true),
      },
    },
    {
      name: 'a STOP on WhatsApp widens an SMS suppression to all (Twilio still holds SMS only)',
      records: [rec('whatsapp', false, 'keyword')],
      suppression: entry('sms', 'opt_out_keyword', ['sms']),
      expected: {
        records: 1,
        suppression: set('all', 'opt_out_keyword', ['sms'], false),
      },
    },
    {
      name: 'START lifts only the channel it names',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('all', 'opt_out_keyword', []),
      expected: {
        records: 1,
        suppression: set('whatsapp', 'opt_out_keyword', [], false),
      },
    },
    {
      name: 'START lifts a Twilio opt-out (the customer said it to Twilio too)',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('sms', 'twilio_opt_out'),
      provider: 'START',
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
        suppression: set('whatsapp', 'web_opt_out', [], true),
      },
    },
    {
      name: 'a provider opt-out suppresses with its reason, held by Twilio',
      records: [rec('sms', false, 'twilio-error')],
      suppression: null,
      expected: {
        records: 1,
        suppression: set('sms', 'twilio_opt_out', ['sms'], true),
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
    // Who holds a keyword STOP: Twilio when it acted on the message (its own SMS words, or
    // OptOutType), on the channel it came on only.
    {
      name: 'an SMS STOP Twilio acted on: suppressed, and held by Twilio on SMS only',
      records: [rec('sms', false, 'keyword')],
      suppression: null,
      provider: 'STOP',
      expected: { records: 1, suppression: set('sms', 'opt_out_keyword', ['sms'], true) },
    },
    {
      name: 'a STOPALL by SMS: both channels suppressed, Twilio holds SMS only',
      records: [rec('sms', false, 'keyword', 'all')],
      suppression: null,
      provider: 'STOP',
      expected: { records: 1, suppression: set('all', 'opt_out_keyword', ['sms'], true) },
    },
    {
      name: 'staff cannot re-grant after an SMS STOP Twilio holds: kept, the customer must send START',
      records: [rec('sms', true, 'counter')],
      suppression: entry('sms', 'opt_out_keyword', ['sms']),
      expected: { records: 1, suppression: { action: 'keep' }, kept: 'twilio_opt_out' },
    },
    {
      name: 'the web page cannot either',
      records: [rec('sms', true, 'web')],
      suppression: entry('sms', 'opt_out_keyword', ['sms']),
      expected: { records: 1, suppression: { action: 'keep' }, kept: 'twilio_opt_out' },
    },
    {
      name: 'a START Twilio ignored (not its word) leaves its hold: kept',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('sms', 'opt_out_keyword', ['sms']),
      provider: null,
      expected: { records: 1, suppression: { action: 'keep' }, kept: 'twilio_opt_out' },
    },
    {
      name: 'a START Twilio acted on lifts its hold',
      records: [rec('sms', true, 'keyword')],
      suppression: entry('sms', 'opt_out_keyword', ['sms']),
      provider: 'START',
      expected: { records: 1, suppression: { action: 'delete' } },
    },
    {
      name: 'a staff grant of WhatsApp after an SMS STOP lifts our WhatsApp entry, keeps Twilio’s SMS',
      records: [rec('whatsapp', true, 'counter')],
      suppression: entry('all', 'opt_out_keyword', ['sms']),
      expected: { records: 1, suppression: set('sms', 'opt_out_keyword', ['sms'], false) },
    },
    {
      name: 'a WhatsApp STOP Twilio did not act on is ours: staff can lift it at the counter',
      records: [rec('whatsapp', true, 'counter')],
      suppression: entry('whatsapp', 'opt_out_keyword', []),
      expected: { records: 1, suppression: { action: 'delete' } },
    },
    {
      name: 'a WhatsApp STOP Twilio acted on (OptOutType) is held on WhatsApp',
      records: [rec('whatsapp', false, 'keyword')],
      suppression: null,
      provider: 'STOP',
      expected: { records: 1, suppression: set('whatsapp', 'opt_out_keyword', ['whatsapp'], true) },
    },
    {
      name: 'a 21610 on a channel we had suppressed ourselves: no second record, now held',
      records: [rec('sms', false, 'twilio-error')],
      suppression: entry('sms', 'opt_out_keyword', []),
      expected: { records: 0, suppression: set('sms', 'opt_out_keyword', ['sms'], false) },
    },
  ];
  it.each(cases)('$name', ({ records, suppression, suppressOnWithdrawal, provider, expected }) => {
    const plan = planConsentWrite({
      records,
      e164: E164,
      suppression,
      suppressOnWithdrawal,
      provider,
    });
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

describe('providerHeldChannels: what Twilio holds of an entry', () => {
  it.each([
    [entry('all', 'opt_out_keyword', ['sms']), ['sms']],
    [entry('sms', 'opt_out_keyword', ['sms', 'whatsapp']), ['sms']],
    [entry('whatsapp', 'web_opt_out', []), []],
    // Entries written before the field: a Twilio error holds its scope, a keyword STOP holds SMS.
    [entry('all', 'twilio_opt_out'), ['sms', 'whatsapp']],
    [entry('all', 'opt_out_keyword'), ['sms']],
    [entry('whatsapp', 'opt_out_keyword'), []],
    [entry('sms', 'web_opt_out'), []],
    [null, []],
  ] as const)('%j → %j', (e, expected) => {
    expect(providerHeldChannels(e)).toEqual(expected);
  });

  it('says which granted channels Twilio still holds', () => {
    const plan = planConsentWrite({
      records: [rec('sms', true, 'staff'), rec('whatsapp', true, 'staff')],
      e164: E164,
      suppression: entry('all', 'opt_out_keyword', ['sms']),
    });
    expect(plan.keptChannels).toEqual(['sms']);
    expect(plan.suppression).toEqual(set('sms', 'opt_out_keyword', ['sms'], false));
  });
});
