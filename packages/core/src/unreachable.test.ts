import { describe, expect, it } from 'vitest';
import type { Recipient } from './cascade.ts';
import type { ConsentRecord, ConsentSource } from './consent.ts';
import { DEFAULT_SETTINGS, type NotificationSettings } from './settings.ts';
import type { Channel } from './types.ts';
import { type UnreachableReason, unreachability } from './unreachable.ts';

const NOW = new Date('2026-03-03T09:00:00.000Z');
const MOBILE = '06 12 34 56 78';
const E164 = '+33612345678';

const record = (channel: Channel, granted: boolean, source: ConsentSource): ConsentRecord => ({
  channel,
  granted,
  at: new Date('2026-03-01T10:00:00Z'),
  source,
  actor: source === 'keyword' ? 'customer' : 'staff-1',
  wordingVersion: 'v1',
});

const walkIn = (client: Recipient['client'], extra: Partial<Recipient> = {}): Recipient => ({
  clientId: 'c1',
  client,
  ...extra,
});

const registered = (extra: Partial<Recipient> = {}, phoneNumber: string | null = MOBILE) => ({
  customerId: 'p1',
  clientId: 'c1',
  client: { phone: null },
  profile: {
    email: 'zoe@example.fr',
    phoneNumber,
    notificationPreferences: { emailEnabled: true, smsEnabled: false, pushEnabled: true },
    pushTokens: [],
  },
  ...extra,
});

const withChannels = (channelsEnabled: Partial<NotificationSettings['channelsEnabled']>) => ({
  ...DEFAULT_SETTINGS,
  channelsEnabled: { ...DEFAULT_SETTINGS.channelsEnabled, ...channelsEnabled },
});

/** `code:action:channels` (and the phone detail), the way a row of the worklist reads. */
const show = (r: UnreachableReason) =>
  [r.code, r.action, r.channels.join('+'), r.phoneError ?? r.markStatus].filter(Boolean).join(':');

describe('unreachability', () => {
  it.each<
    [
      string,
      Recipient,
      { open?: boolean; settings?: NotificationSettings },
      { reachable: Channel[]; reasons: string[]; listed: boolean },
    ]
  >([
    [
      'a walk-in with a mobile: the service SMS reaches them',
      walkIn({ phone: MOBILE }),
      {},
      { reachable: ['sms'], reasons: [], listed: false },
    ],
    [
      'a walk-in with nothing on file and a ticket open: ask for a mobile',
      walkIn({ phone: null }),
      {},
      {
        reachable: [],
        reasons: [
          'no_channel:ask_mobile:email+whatsapp+sms+push',
          'no_phone:ask_mobile:whatsapp+sms',
        ],
        listed: true,
      },
    ],
    [
      'the same walk-in without an open ticket: not on the worklist',
      walkIn({ phone: null }),
      { open: false },
      {
        reachable: [],
        reasons: [
          'no_channel:ask_mobile:email+whatsapp+sms+push',
          'no_phone:ask_mobile:whatsapp+sms',
        ],
        listed: false,
      },
    ],
    [
      'an unreadable number: listed even without a ticket, with why it was rejected',
      walkIn({ phone: '06 12' }),
      { open: false },
      {
        reachable: [],
        reasons: [
          'no_channel:ask_mobile:email+whatsapp+sms+push',
          'invalid_phone:ask_mobile:whatsapp+sms:too_short',
        ],
        listed: true,
      },
    ],
    [
      'a landline and an email: reachable by email, still asked for a mobile',
      walkIn({ phone: '01 42 68 53 00', email: 'a@example.fr' }),
      { open: false },
      { reachable: ['email'], reasons: ['landline:ask_mobile:sms'], listed: true },
    ],
    [
      'a mobile Twilio marked invalid: check the number with the customer',
      walkIn({ phone: MOBILE }, { phoneMarks: [{ e164: E164, status: 'invalid' }] }),
      {},
      {
        reachable: [],
        reasons: [
          'no_channel:ask_mobile:email+whatsapp+sms+push',
          'phone_marked:check_number:whatsapp+sms:invalid',
        ],
        listed: true,
      },
    ],
    [
      'a mark on an old number is ignored',
      walkIn({ phone: MOBILE }, { phoneMarks: [{ e164: '+33700000000', status: 'landline' }] }),
      {},
      { reachable: ['sms'], reasons: [], listed: false },
    ],
    [
      'an SMS STOP Twilio holds: START for SMS; WhatsApp can still be asked for',
      walkIn(
        { phone: MOBILE },
        {
          consentLog: [record('sms', false, 'keyword')],
          suppressions: { [E164]: 'sms' },
          providerOptOuts: { [E164]: ['sms'] },
        },
      ),
      {},
      {
        reachable: [],
        reasons: ['no_channel:ask_consent:email+whatsapp+sms+push', 'provider_held:ask_start:sms'],
        listed: true,
      },
    ],
    [
      'every messaging channel held by Twilio: only the customer’s START, never a tick',
      walkIn(
        { phone: MOBILE },
        { suppressions: { [E164]: 'all' }, providerOptOuts: { [E164]: ['sms', 'whatsapp'] } },
      ),
      {},
      {
        reachable: [],
        reasons: [
          'no_channel:ask_start:email+whatsapp+sms+push',
          'provider_held:ask_start:whatsapp+sms',
        ],
        listed: true,
      },
    ],
    [
      'our own suppression (a web opt-out): a grant with the customer lifts it',
      walkIn({ phone: MOBILE, email: 'a@example.fr' }, { suppressions: { [E164]: 'all' } }),
      {},
      { reachable: ['email'], reasons: ['suppressed:ask_consent:whatsapp+sms'], listed: true },
    ],
    [
      'a registered customer on the defaults: email reaches them, nothing to do',
      registered(),
      {},
      { reachable: ['email'], reasons: [], listed: false },
    ],
    [
      'SMS left unticked at registration is not a withdrawal',
      registered({ consentLog: [record('sms', false, 'registration')] }),
      {},
      { reachable: ['email'], reasons: [], listed: false },
    ],
    [
      'a registered customer who withdrew email, with a mobile: tick SMS with them',
      registered({ consentLog: [record('email', false, 'web')] }),
      {},
      {
        reachable: [],
        reasons: [
          'no_channel:ask_consent:email+whatsapp+sms+push',
          'consent_withdrawn:ask_consent:email',
        ],
        listed: true,
      },
    ],
    [
      'email withdrawn but SMS ticked: reached by SMS, their choice is not a task',
      registered({ consentLog: [record('email', false, 'web'), record('sms', true, 'counter')] }),
      { open: false },
      { reachable: ['sms'], reasons: ['consent_withdrawn:ask_consent:email'], listed: false },
    ],
    [
      'WhatsApp refused at the counter, the service SMS still goes: not listed',
      walkIn({ phone: MOBILE }, { consentLog: [record('whatsapp', false, 'counter')] }),
      { open: false },
      { reachable: ['sms'], reasons: ['consent_withdrawn:ask_consent:whatsapp'], listed: false },
    ],
    [
      'a withdrawal on a channel the shop switched off is not reported',
      walkIn({ phone: MOBILE }, { consentLog: [record('whatsapp', false, 'counter')] }),
      { settings: withChannels({ whatsapp: false }) },
      { reachable: ['sms'], reasons: [], listed: false },
    ],
    [
      'an unreadable profile number with a good counter number: nothing wrong',
      registered({ client: { phone: MOBILE } }, 'not a phone'),
      {},
      { reachable: ['email'], reasons: [], listed: false },
    ],
  ])('%s', (_label, recipient, options, expected) => {
    const result = unreachability(recipient, {
      now: NOW,
      settings: options.settings ?? DEFAULT_SETTINGS,
      hasOpenTicket: options.open ?? true,
    });
    expect({
      reachable: result.reachable,
      reasons: result.reasons.map(show),
      listed: result.listed,
    }).toEqual(expected);
  });
});
