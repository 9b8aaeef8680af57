import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  audienceOf,
  type CurrentState,
  choosePhone,
  consentStateOf,
  fallbackChannel,
  isActiveOutcome,
  isSuperseded,
  type NotificationEvent,
  type NotificationPlan,
  type PlanContext,
  type PlannedNotification,
  phoneCandidatesOf,
  planNotification,
  plannedNotificationOf,
  type Recipient,
  recheck,
  ruleMatches,
} from './cascade.ts';
import { type ConsentRecord, isMessagingChannel, lawfulBasis } from './consent.ts';
import { notificationId } from './ids.ts';
import { PRIORITY_BY_KIND } from './priorities.ts';
import {
  type CascadePolicy,
  DEFAULT_CASCADE_POLICY,
  DEFAULT_SETTINGS,
  type NotificationSettings,
} from './settings.ts';
import {
  CHANNELS,
  type Channel,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type PlanOutcome,
  TICKET_STATUSES,
  type TicketStatus,
} from './types.ts';

// Tuesday 3 March 2026, 10:00 in Paris (UTC+1): inside the send window.
const DAY = new Date('2026-03-03T09:00:00.000Z');
// Tuesday 23:00 in Paris: quiet hours until Wednesday 08:00 (07:00 UTC).
const NIGHT = new Date('2026-03-03T22:00:00.000Z');
const NEXT_MORNING = '2026-03-04T07:00:00.000Z';
// Sunday 8 March 2026, 11:00 in Paris: closed until Monday 08:00.
const SUNDAY = new Date('2026-03-08T10:00:00.000Z');

const MOBILE = '06 12 34 56 78';
const MOBILE_E164 = '+33612345678';
const OTHER_MOBILE = '07 81 23 45 67';
const LANDLINE = '01 45 67 89 01';

const consent = (
  channel: Channel,
  granted: boolean,
  minute = 0,
  extra: Partial<ConsentRecord> = {},
): ConsentRecord => ({
  channel,
  granted,
  at: new Date(Date.UTC(2026, 1, 1, 9, minute)),
  source: 'counter',
  actor: 'staff-1',
  wordingVersion: 'v1',
  ...extra,
});

const walkIn = (
  over: Partial<Recipient> = {},
  client: Recipient['client'] = { phone: MOBILE },
): Recipient => ({
  clientId: 'client-1',
  client,
  ...over,
});

const registered = (
  profile: NonNullable<Recipient['profile']> = {},
  over: Partial<Recipient> = {},
): Recipient => ({
  customerId: 'cust-1',
  clientId: 'client-1',
  client: {},
  profile: { notificationPreferences: {}, ...profile },
  ...over,
});

const event = (
  kind: NotificationKind,
  ticketStatus: TicketStatus = 'received',
): NotificationEvent => ({
  kind,
  ticketId: 'ticket-1',
  ticketStatus,
  changeId: '2026-03-03T09:00:00.000001Z',
});

const context = (
  over: Partial<PlanContext> = {},
  settings: Partial<NotificationSettings> = {},
): PlanContext => ({
  now: DAY,
  settings: { ...DEFAULT_SETTINGS, ...settings },
  budgetSpentEur: 0,
  recentSendCounts: { lastDay: 0, lastWeek: 0 },
  ...over,
});

type Summary = Record<Channel, string>;
const show = (o: PlanOutcome): string =>
  o.action === 'skip'
    ? o.reason
    : o.action === 'defer'
      ? `defer:${o.until.toISOString()}`
      : o.action;
const summary = (plan: NotificationPlan): Summary =>
  Object.fromEntries(CHANNELS.map((c) => [c, show(plan.channels[c].outcome)])) as Summary;

describe('DEFAULT_CASCADE_POLICY (seed Phase 2B.4)', () => {
  it('is the seed cascade as data', () => {
    expect(DEFAULT_CASCADE_POLICY).toEqual({
      rules: [
        {
          name: 'registered_with_email',
          audience: 'registered',
          emailReachable: true,
          groups: [{ mode: 'all', channels: ['email', 'whatsapp', 'push'] }],
        },
        {
          name: 'registered_without_email',
          audience: 'registered',
          emailReachable: false,
          groups: [{ mode: 'first', channels: ['whatsapp', 'sms', 'push'] }],
        },
        {
          name: 'walk_in',
          audience: 'walk_in',
          groups: [
            { mode: 'all', channels: ['email'] },
            { mode: 'first', channels: ['whatsapp', 'sms'] },
          ],
        },
      ],
      quietHoursChannels: ['sms', 'whatsapp'],
      fallback: { whatsapp: ['sms'] },
    });
  });

  it('default settings: FR, every channel on', () => {
    expect(DEFAULT_SETTINGS.defaultCountry).toBe('FR');
    expect(DEFAULT_SETTINGS.channelsEnabled).toEqual({
      email: true,
      sms: true,
      whatsapp: true,
      push: true,
    });
    expect(DEFAULT_SETTINGS.cascade).toBe(DEFAULT_CASCADE_POLICY);
  });
});

describe('planNotification: scenarios', () => {
  const wa = consent('whatsapp', true);
  const sms = consent('sms', true);
  const tokens = ['fcm-token-1'];

  it.each<
    [
      string,
      NotificationKind,
      Recipient,
      Partial<PlanContext>,
      Partial<NotificationSettings>,
      Summary,
    ]
  >([
    [
      'walk-in welcome: SMS on the service basis',
      'walk_in_welcome',
      walkIn(),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'walk-in welcome with an email: email and SMS (Phase 1 + 2A)',
      'walk_in_welcome',
      walkIn({}, { phone: MOBILE, email: 'jo@example.fr' }),
      {},
      {},
      { email: 'send', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'walk-in welcome to a landline: no SMS',
      'walk_in_welcome',
      walkIn({}, { phone: LANDLINE }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'not_sms_capable', push: 'no_basis' },
    ],
    [
      'walk-in welcome to a too-short number',
      'walk_in_welcome',
      walkIn({}, { phone: '06 12' }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'invalid_phone', push: 'no_basis' },
    ],
    [
      'walk-in welcome without a phone',
      'walk_in_welcome',
      walkIn({}, { phone: null, email: 'jo@example.fr' }),
      {},
      {},
      { email: 'send', whatsapp: 'no_basis', sms: 'no_phone', push: 'no_basis' },
    ],
    [
      'walk-in progress update: needs consent',
      'status_in_repair',
      walkIn({}, { phone: MOBILE, email: 'jo@example.fr' }),
      {},
      {},
      { email: 'no_basis', whatsapp: 'no_basis', sms: 'no_basis', push: 'no_basis' },
    ],
    [
      'walk-in who opted in to SMS gets progress updates',
      'status_in_repair',
      walkIn({ consentLog: [sms] }),
      {},
      {},
      { email: 'no_basis', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'walk-in ready for pickup at night: high priority goes now',
      'status_completed',
      walkIn(),
      { now: NIGHT },
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'walk-in welcome at night: waits for 08:00',
      'walk_in_welcome',
      walkIn({}, { phone: MOBILE, email: 'jo@example.fr' }),
      { now: NIGHT },
      {},
      { email: 'send', whatsapp: 'no_basis', sms: `defer:${NEXT_MORNING}`, push: 'no_basis' },
    ],
    [
      'walk-in welcome on a Sunday: waits for Monday 08:00',
      'walk_in_welcome',
      walkIn(),
      { now: SUNDAY },
      {},
      {
        email: 'no_email',
        whatsapp: 'no_basis',
        sms: 'defer:2026-03-09T07:00:00.000Z',
        push: 'no_basis',
      },
    ],
    [
      'walk-in who opted in to WhatsApp at the counter: WhatsApp, not SMS',
      'walk_in_welcome',
      walkIn({ consentLog: [wa] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'send', sms: 'covered_by_other_channel', push: 'no_basis' },
    ],
    [
      'walk-in who said STOP: no SMS even for a service message',
      'status_completed',
      walkIn({ consentLog: [consent('sms', false, 5, { source: 'keyword' })] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'no_consent', push: 'no_basis' },
    ],
    [
      'walk-in on the suppression list',
      'walk_in_welcome',
      walkIn({ suppressed: true, consentLog: [wa] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'suppressed', sms: 'suppressed', push: 'no_basis' },
    ],
    [
      'suppression of WhatsApp only (by number) leaves SMS',
      'walk_in_welcome',
      walkIn({ suppressions: { [MOBILE_E164]: 'whatsapp' }, consentLog: [wa] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'suppressed', sms: 'send', push: 'no_basis' },
    ],
    [
      'suppression of another number does not count',
      'walk_in_welcome',
      walkIn({ suppressions: { '+33781234567': 'all' } }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'registered with email, seed defaults: email + push',
      'status_in_repair',
      registered({ email: 'a@b.fr', phoneNumber: MOBILE, pushTokens: tokens }),
      {},
      {},
      { email: 'send', whatsapp: 'no_consent', sms: 'no_consent', push: 'send' },
    ],
    [
      'registered with email and WhatsApp: email + WhatsApp + push',
      'status_completed',
      registered(
        { email: 'a@b.fr', phoneNumber: MOBILE, pushTokens: tokens },
        { consentLog: [wa, sms] },
      ),
      {},
      {},
      { email: 'send', whatsapp: 'send', sms: 'not_in_policy', push: 'send' },
    ],
    [
      'registered with email: SMS is never added to email',
      'status_completed',
      registered({
        email: 'a@b.fr',
        phoneNumber: MOBILE,
        notificationPreferences: { smsEnabled: true },
      }),
      {},
      {},
      { email: 'send', whatsapp: 'no_consent', sms: 'not_in_policy', push: 'no_push_token' },
    ],
    [
      'registered without email, WhatsApp + SMS opted in: WhatsApp only',
      'status_completed',
      registered({ phoneNumber: MOBILE, pushTokens: tokens }, { consentLog: [wa, sms] }),
      {},
      {},
      {
        email: 'no_email',
        whatsapp: 'send',
        sms: 'covered_by_other_channel',
        push: 'covered_by_other_channel',
      },
    ],
    [
      'registered without email, SMS opted in: SMS',
      'status_completed',
      registered({
        phoneNumber: MOBILE,
        pushTokens: tokens,
        notificationPreferences: { smsEnabled: true },
      }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_consent', sms: 'send', push: 'covered_by_other_channel' },
    ],
    [
      'registered without email, nothing opted in: push',
      'status_completed',
      registered({ phoneNumber: MOBILE, pushTokens: tokens }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_consent', sms: 'no_consent', push: 'send' },
    ],
    [
      'registered who turned email off: the without-email branch',
      'status_completed',
      registered({
        email: 'a@b.fr',
        phoneNumber: MOBILE,
        notificationPreferences: { emailEnabled: false, smsEnabled: true },
      }),
      {},
      {},
      { email: 'no_consent', whatsapp: 'no_consent', sms: 'send', push: 'no_push_token' },
    ],
    [
      'registered, the profile phone is invalid: the client phone is used',
      'status_completed',
      registered(
        { phoneNumber: '12', notificationPreferences: { smsEnabled: true } },
        { client: { phone: OTHER_MOBILE } },
      ),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_consent', sms: 'send', push: 'no_push_token' },
    ],
    [
      'registered, WhatsApp opted in but no valid phone: push',
      'status_completed',
      registered({ phoneNumber: 'abc', pushTokens: tokens }, { consentLog: [wa, sms] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'invalid_phone', sms: 'invalid_phone', push: 'send' },
    ],
    [
      'registered, WhatsApp outside the rollout: SMS instead',
      'status_completed',
      registered({ phoneNumber: MOBILE }, { consentLog: [wa, sms] }),
      {},
      {
        rollout: {
          ...DEFAULT_SETTINGS.rollout,
          whatsapp: { percent: 0, allowlist: [] },
        },
      },
      { email: 'no_email', whatsapp: 'not_in_rollout', sms: 'send', push: 'no_push_token' },
    ],
    [
      'allowlisted customer is in the rollout at 0 %',
      'status_completed',
      registered({ phoneNumber: MOBILE }, { consentLog: [wa] }),
      {},
      {
        rollout: {
          ...DEFAULT_SETTINGS.rollout,
          whatsapp: { percent: 0, allowlist: ['cust-1'] },
        },
      },
      { email: 'no_email', whatsapp: 'send', sms: 'no_consent', push: 'no_push_token' },
    ],
    [
      'SMS switched off: channel_disabled',
      'walk_in_welcome',
      walkIn(),
      {},
      { channelsEnabled: { email: true, sms: false, whatsapp: true, push: true } },
      { email: 'no_email', whatsapp: 'no_basis', sms: 'channel_disabled', push: 'no_basis' },
    ],
    [
      'budget spent: a low-priority SMS is held for 48 h',
      'status_in_repair',
      registered({ phoneNumber: MOBILE, notificationPreferences: { smsEnabled: true } }),
      { budgetSpentEur: 50 },
      {},
      { email: 'no_email', whatsapp: 'no_consent', sms: 'hold', push: 'no_push_token' },
    ],
    [
      'budget spent: a critical payment reminder still goes',
      'payment_reminder',
      walkIn(),
      { budgetSpentEur: 500, now: NIGHT },
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'budget spent: a high-priority message still goes',
      'status_completed',
      walkIn(),
      { budgetSpentEur: 500 },
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'budget spent: email is free and not held',
      'status_in_repair',
      registered({ email: 'a@b.fr', phoneNumber: MOBILE }),
      { budgetSpentEur: 500 },
      {},
      { email: 'send', whatsapp: 'no_consent', sms: 'no_consent', push: 'no_push_token' },
    ],
    [
      'frequency cap reached: skip',
      'status_completed',
      walkIn(),
      { recentSendCounts: { lastDay: 4, lastWeek: 4 } },
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'frequency_cap', push: 'no_basis' },
    ],
    [
      'frequency cap reached: critical staff message still goes',
      'staff_urgent',
      walkIn(),
      { recentSendCounts: { lastDay: 40, lastWeek: 90 } },
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'frequency cap does not apply to email',
      'status_completed',
      registered({ email: 'a@b.fr' }),
      { recentSendCounts: { lastDay: 40, lastWeek: 90 } },
      {},
      { email: 'send', whatsapp: 'no_consent', sms: 'no_consent', push: 'no_push_token' },
    ],
    [
      'phone marked invalid by Twilio: no SMS, no WhatsApp',
      'walk_in_welcome',
      walkIn({ phoneMarks: [{ e164: MOBILE_E164, status: 'invalid' }], consentLog: [wa] }),
      {},
      {},
      {
        email: 'no_email',
        whatsapp: 'phone_marked_invalid',
        sms: 'phone_marked_invalid',
        push: 'no_basis',
      },
    ],
    [
      'a mark on an old number is ignored',
      'walk_in_welcome',
      walkIn({ phoneMarks: [{ e164: '+33781234567', status: 'landline' }] }),
      {},
      {},
      { email: 'no_email', whatsapp: 'no_basis', sms: 'send', push: 'no_basis' },
    ],
    [
      'quiet hours do not delay email',
      'status_in_repair',
      registered({ email: 'a@b.fr', pushTokens: tokens }),
      { now: NIGHT },
      {},
      { email: 'send', whatsapp: 'no_consent', sms: 'no_consent', push: 'send' },
    ],
    [
      'no rule matches: nothing is sent',
      'walk_in_welcome',
      walkIn(),
      {},
      { cascade: { ...DEFAULT_CASCADE_POLICY, rules: [] } },
      { email: 'no_email', whatsapp: 'no_basis', sms: 'not_in_policy', push: 'no_basis' },
    ],
  ])('%s', (_label, kind, recipient, ctx, settings, expected) => {
    expect(summary(planNotification(event(kind), recipient, context(ctx, settings)))).toEqual(
      expected,
    );
  });

  it('a Réunion number is timed in Réunion: 09:00 there is open while Paris sleeps', () => {
    // 05:00 UTC = 06:00 Paris (closed) = 09:00 Réunion (open).
    const now = new Date('2026-03-03T05:00:00.000Z');
    const reunion = planNotification(
      event('walk_in_welcome'),
      walkIn({}, { phone: '0692 12 34 56' }),
      context({ now }),
    );
    expect(reunion.timeZone).toBe('Indian/Reunion');
    expect(reunion.channels.sms.outcome).toEqual({ action: 'send' });
    expect(reunion.channels.sms.to).toBe('+262692123456');
    const paris = planNotification(event('walk_in_welcome'), walkIn(), context({ now }));
    expect(paris.timeZone).toBe('Europe/Paris');
    expect(paris.channels.sms.outcome).toEqual({
      action: 'defer',
      until: new Date('2026-03-03T07:00:00.000Z'),
      reason: 'quiet_hours',
    });
  });

  it('without a phone the shop’s time zone is used', () => {
    const plan = planNotification(
      event('status_completed'),
      registered({ email: 'a@b.fr' }),
      context(),
    );
    expect(plan.timeZone).toBe('Europe/Paris');
  });

  it('a hold expires holdExpiryHours after now', () => {
    const plan = planNotification(
      event('status_in_repair', 'in_repair'),
      walkIn({ consentLog: [consent('sms', true)] }),
      context(
        { budgetSpentEur: 60 },
        { budget: { ...DEFAULT_SETTINGS.budget, holdExpiryHours: 12 } },
      ),
    );
    expect(plan.channels.sms.outcome).toEqual({
      action: 'hold',
      reason: 'budget_exhausted',
      expiresAt: new Date(DAY.getTime() + 12 * 3_600_000),
    });
  });

  it('quiet hours come after the budget hold (a held message is re-planned on release)', () => {
    const plan = planNotification(
      event('status_in_repair', 'in_repair'),
      walkIn({ consentLog: [consent('sms', true)] }),
      context({ budgetSpentEur: 60, now: NIGHT }),
    );
    expect(plan.channels.sms.outcome.action).toBe('hold');
  });

  it('fills in ids, addresses, basis, phone, rule and WhatsApp mode', () => {
    const recipient = walkIn(
      {
        consentLog: [consent('whatsapp', true)],
        lastInboundWhatsAppAt: new Date(DAY.getTime() - 3_600_000),
      },
      { phone: MOBILE, email: ' jo@example.fr ' },
    );
    const plan = planNotification(event('walk_in_welcome'), recipient, context());
    expect(plan.priority).toBe('normal');
    expect(plan.audience).toBe('walk_in');
    expect(plan.rolloutKey).toBe('client-1');
    expect(plan.rule).toBe('walk_in');
    expect(plan.phone?.e164).toBe(MOBILE_E164);
    expect(plan.phoneSource).toBe('client');
    expect(plan.phoneSkipped).toEqual([
      { source: 'profile', code: 'empty', message: expect.any(String) },
    ]);
    expect(plan.fallback).toEqual({ whatsapp: ['sms'] });
    for (const channel of CHANNELS) {
      expect(plan.channels[channel].channel).toBe(channel);
      expect(plan.channels[channel].notificationId).toBe(
        notificationId({ ticketId: 'ticket-1', changeId: '2026-03-03T09:00:00.000001Z', channel }),
      );
    }
    expect(plan.channels.email).toMatchObject({ to: 'jo@example.fr', basis: 'service' });
    expect(plan.channels.whatsapp).toMatchObject({
      to: MOBILE_E164,
      basis: 'consent',
      whatsappMode: 'free_text',
    });
    expect(plan.channels.sms).toMatchObject({ to: MOBILE_E164, basis: 'service' });
    expect(plan.channels.push).toMatchObject({ to: null, basis: null });
    expect(plan.channels.sms.whatsappMode).toBeUndefined();
    expect(plan.eligibility).toEqual({ email: null, whatsapp: null, sms: null, push: 'no_basis' });
  });

  it('WhatsApp outside the 24 h window is a template', () => {
    const plan = planNotification(
      event('walk_in_welcome'),
      walkIn({
        consentLog: [consent('whatsapp', true)],
        lastInboundWhatsAppAt: new Date(DAY.getTime() - 86_400_000),
      }),
      context(),
    );
    expect(plan.channels.whatsapp.whatsappMode).toBe('template');
    const never = planNotification(
      event('walk_in_welcome'),
      walkIn({ consentLog: [consent('whatsapp', true)] }),
      context(),
    );
    expect(never.channels.whatsapp.whatsappMode).toBe('template');
  });

  it('the rollout key is the customer id for a registered customer', () => {
    const plan = planNotification(
      event('status_completed'),
      registered({ email: 'a@b.fr' }),
      context(),
    );
    expect(plan.rolloutKey).toBe('cust-1');
    expect(plan.rule).toBe('registered_with_email');
    expect(plan.audience).toBe('registered');
  });

  it('profile email is preferred to the client email', () => {
    const plan = planNotification(
      event('status_completed'),
      registered({ email: 'profile@b.fr' }, { client: { email: 'client@b.fr' } }),
      context(),
    );
    expect(plan.channels.email.to).toBe('profile@b.fr');
    const blank = planNotification(
      event('status_completed'),
      registered({ email: '  ' }, { client: { email: 'client@b.fr' } }),
      context(),
    );
    expect(blank.channels.email.to).toBe('client@b.fr');
  });

  it('blank push tokens do not count', () => {
    const plan = planNotification(
      event('status_completed'),
      registered({ pushTokens: [' ', ''] }),
      context(),
    );
    expect(plan.channels.push.outcome).toEqual({ action: 'skip', reason: 'no_push_token' });
  });

  it('a policy that lists both WhatsApp and SMS in an "all" group still sends only one', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      rules: [{ name: 'both', groups: [{ mode: 'all', channels: ['sms', 'whatsapp', 'email'] }] }],
    };
    const plan = planNotification(
      event('status_completed'),
      registered(
        { phoneNumber: MOBILE, email: 'a@b.fr' },
        { consentLog: [consent('sms', true), consent('whatsapp', true)] },
      ),
      context({}, { cascade: policy }),
    );
    expect(summary(plan)).toEqual({
      email: 'send',
      sms: 'send',
      whatsapp: 'covered_by_other_channel',
      push: 'no_push_token',
    });
  });

  it('a "first" group after a taken messaging channel moves on to the next usable channel', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      rules: [
        {
          name: 'x',
          groups: [
            { mode: 'all', channels: ['sms'] },
            { mode: 'first', channels: ['whatsapp', 'push'] },
          ],
        },
      ],
    };
    const plan = planNotification(
      event('status_completed'),
      registered(
        { phoneNumber: MOBILE, pushTokens: ['t'] },
        { consentLog: [consent('sms', true), consent('whatsapp', true)] },
      ),
      context({}, { cascade: policy }),
    );
    expect(summary(plan)).toEqual({
      email: 'no_email',
      sms: 'send',
      whatsapp: 'covered_by_other_channel',
      push: 'send',
    });
  });

  it('a channel listed in two groups is decided once (the first group)', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      rules: [
        {
          name: 'twice',
          groups: [
            { mode: 'all', channels: ['sms', 'email'] },
            { mode: 'first', channels: ['sms', 'email', 'whatsapp'] },
          ],
        },
      ],
    };
    const plan = planNotification(
      event('status_completed'),
      walkIn({ consentLog: [consent('whatsapp', true)] }, { phone: MOBILE, email: 'a@b.fr' }),
      context({}, { cascade: policy }),
    );
    expect(summary(plan)).toEqual({
      email: 'send',
      sms: 'send',
      whatsapp: 'covered_by_other_channel',
      push: 'no_basis',
    });
  });

  it('a rule limited to some kinds is passed over for other kinds', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      rules: [
        {
          name: 'urgent_only',
          kinds: ['staff_urgent'],
          groups: [{ mode: 'all', channels: ['sms'] }],
        },
        ...DEFAULT_CASCADE_POLICY.rules,
      ],
    };
    const urgent = planNotification(
      event('staff_urgent'),
      walkIn(),
      context({}, { cascade: policy }),
    );
    expect(urgent.rule).toBe('urgent_only');
    const welcome = planNotification(
      event('walk_in_welcome'),
      walkIn(),
      context({}, { cascade: policy }),
    );
    expect(welcome.rule).toBe('walk_in');
  });
});

describe('ruleMatches', () => {
  it.each([
    [{ name: 'r', groups: [] }, 'walk_in', 'status_completed', false, true],
    [
      { name: 'r', audience: 'registered' as const, groups: [] },
      'walk_in',
      'status_completed',
      false,
      false,
    ],
    [
      { name: 'r', audience: 'walk_in' as const, groups: [] },
      'walk_in',
      'status_completed',
      false,
      true,
    ],
    [
      { name: 'r', kinds: ['staff_urgent' as const], groups: [] },
      'walk_in',
      'status_completed',
      false,
      false,
    ],
    [
      { name: 'r', kinds: ['status_completed' as const], groups: [] },
      'walk_in',
      'status_completed',
      false,
      true,
    ],
    [
      { name: 'r', emailReachable: true, groups: [] },
      'registered',
      'status_completed',
      false,
      false,
    ],
    [
      { name: 'r', emailReachable: false, groups: [] },
      'registered',
      'status_completed',
      false,
      true,
    ],
    [{ name: 'r', emailReachable: true, groups: [] }, 'registered', 'status_completed', true, true],
  ] as const)('%j for %s/%s/email=%s → %s', (rule, audience, kind, email, expected) => {
    expect(ruleMatches(rule, audience, kind, email)).toBe(expected);
  });
});

describe('choosePhone', () => {
  it('prefers the profile number, then the client number', () => {
    const r = registered({ phoneNumber: MOBILE }, { client: { phone: OTHER_MOBILE } });
    expect(choosePhone(r, 'FR')).toMatchObject({
      phone: { e164: MOBILE_E164 },
      source: 'profile',
      mark: null,
      skipped: [],
    });
    expect(phoneCandidatesOf(r)).toEqual([
      { source: 'profile', value: MOBILE },
      { source: 'client', value: OTHER_MOBILE },
    ]);
  });

  it('skips a marked number for the next valid one', () => {
    const r = registered(
      { phoneNumber: MOBILE },
      {
        client: { phone: OTHER_MOBILE },
        phoneMarks: [{ e164: MOBILE_E164, status: 'unknown_handset' }],
      },
    );
    expect(choosePhone(r, 'FR')).toMatchObject({
      phone: { e164: '+33781234567' },
      source: 'client',
      mark: null,
    });
  });

  it('keeps the first marked number (with its mark) when every valid number is marked', () => {
    const mark = { e164: MOBILE_E164, status: 'landline' as const };
    const r = registered({ phoneNumber: MOBILE }, { client: { phone: 'x' }, phoneMarks: [mark] });
    expect(choosePhone(r, 'FR')).toEqual({
      phone: expect.objectContaining({ e164: MOBILE_E164 }),
      source: 'profile',
      mark,
      skipped: [{ source: 'client', code: 'not_a_number', message: expect.any(String) }],
    });
  });

  it('reports every rejected candidate when none is valid', () => {
    const r = registered({ phoneNumber: '' }, { client: { phone: '0612' } });
    expect(choosePhone(r, 'FR')).toEqual({
      phone: null,
      source: null,
      mark: null,
      skipped: [
        { source: 'profile', code: 'empty', message: expect.any(String) },
        { source: 'client', code: 'too_short', message: expect.any(String) },
      ],
    });
  });

  it('uses the default region', () => {
    expect(choosePhone(walkIn({}, { phone: '0470 12 34 56' }), 'BE').phone?.e164).toBe(
      '+32470123456',
    );
  });
});

describe('audienceOf / consentStateOf', () => {
  it('a recipient without profile is a walk-in with no consent by default', () => {
    expect(audienceOf(walkIn())).toBe('walk_in');
    expect(audienceOf({ profile: null })).toBe('walk_in');
    const state = consentStateOf(walkIn());
    expect(CHANNELS.map((c) => state[c].granted)).toEqual([false, false, false, false]);
  });

  it('a registered customer starts from the profile preferences, then the log', () => {
    const r = registered(
      { notificationPreferences: { smsEnabled: true } },
      { consentLog: [consent('whatsapp', true), consent('email', false)] },
    );
    expect(audienceOf(r)).toBe('registered');
    const state = consentStateOf(r);
    expect({
      email: state.email.granted,
      whatsapp: state.whatsapp.granted,
      sms: state.sms.granted,
      push: state.push.granted,
    }).toEqual({
      email: false,
      whatsapp: true,
      sms: true,
      push: true,
    });
  });
});

describe('fallbackChannel', () => {
  const waWalkIn = walkIn({ consentLog: [consent('whatsapp', true)] });

  it('WhatsApp failed → SMS when the number is a valid mobile with a basis', () => {
    const plan = planNotification(event('status_completed'), waWalkIn, context());
    expect(plan.channels.sms.outcome).toEqual({
      action: 'skip',
      reason: 'covered_by_other_channel',
    });
    expect(fallbackChannel('whatsapp', plan)).toBe('sms');
    expect(fallbackChannel('whatsapp', plan, {})).toBe('sms');
    expect(fallbackChannel('whatsapp', plan, { phoneStatus: null })).toBe('sms');
  });

  it.each(['invalid', 'landline', 'unknown_handset'] as const)(
    'never retries a number Twilio called %s',
    (phoneStatus) => {
      const plan = planNotification(event('status_completed'), waWalkIn, context());
      expect(fallbackChannel('whatsapp', plan, { phoneStatus })).toBeNull();
    },
  );

  it('no SMS fallback without an SMS basis (walk-in progress update)', () => {
    const plan = planNotification(event('status_in_repair', 'in_repair'), waWalkIn, context());
    expect(plan.channels.whatsapp.outcome).toEqual({ action: 'send' });
    expect(fallbackChannel('whatsapp', plan)).toBeNull();
  });

  it('no SMS fallback to a landline', () => {
    const plan = planNotification(
      event('status_completed'),
      walkIn({ consentLog: [consent('whatsapp', true)] }, { phone: LANDLINE }),
      context(),
    );
    expect(plan.channels.whatsapp.outcome).toEqual({ action: 'send' });
    expect(fallbackChannel('whatsapp', plan)).toBeNull();
  });

  it('no SMS fallback to a suppressed number', () => {
    const plan = planNotification(
      event('status_completed'),
      walkIn({ consentLog: [consent('whatsapp', true)], suppressions: { [MOBILE_E164]: 'sms' } }),
      context(),
    );
    expect(plan.channels.whatsapp.outcome).toEqual({ action: 'send' });
    expect(fallbackChannel('whatsapp', plan)).toBeNull();
  });

  it('registered customer: SMS fallback only with SMS consent', () => {
    const without = planNotification(
      event('status_completed'),
      registered({ phoneNumber: MOBILE }, { consentLog: [consent('whatsapp', true)] }),
      context(),
    );
    expect(fallbackChannel('whatsapp', without)).toBeNull();
    const withSms = planNotification(
      event('status_completed'),
      registered(
        { phoneNumber: MOBILE },
        { consentLog: [consent('whatsapp', true), consent('sms', true)] },
      ),
      context(),
    );
    expect(fallbackChannel('whatsapp', withSms)).toBe('sms');
  });

  it.each<Channel>(['sms', 'email', 'push'])('no fallback after %s by default', (failed) => {
    const plan = planNotification(event('status_completed'), waWalkIn, context());
    expect(fallbackChannel(failed, plan)).toBeNull();
  });

  it('email failure does not fall back by default, but a policy can add one', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      fallback: { email: ['email', 'sms'] },
    };
    const plan = planNotification(
      event('status_completed'),
      walkIn({}, { phone: MOBILE, email: 'a@b.fr' }),
      context({}, { cascade: policy }),
    );
    // SMS is already being sent: nothing new to fall back to.
    expect(plan.channels.sms.outcome).toEqual({ action: 'send' });
    expect(fallbackChannel('email', plan)).toBeNull();
  });

  it('never falls back to a second messaging channel while another is active', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      rules: [{ name: 'x', groups: [{ mode: 'all', channels: ['email', 'sms'] }] }],
      fallback: { email: ['whatsapp'] },
    };
    const plan = planNotification(
      event('status_completed'),
      registered(
        { phoneNumber: MOBILE, email: 'a@b.fr' },
        { consentLog: [consent('whatsapp', true), consent('sms', true)] },
      ),
      context({}, { cascade: policy }),
    );
    expect(plan.channels.sms.outcome).toEqual({ action: 'send' });
    expect(plan.eligibility.whatsapp).toBeNull();
    expect(fallbackChannel('email', plan)).toBeNull();
  });

  it('a phone status does not stop a fallback from email (the email failed, not the number)', () => {
    const policy: CascadePolicy = { ...DEFAULT_CASCADE_POLICY, fallback: { email: ['push'] } };
    const plan = planNotification(
      event('status_completed'),
      registered({ email: 'a@b.fr', pushTokens: ['t'] }),
      context(
        {},
        {
          cascade: policy,
          channelsEnabled: { email: true, sms: true, whatsapp: true, push: true },
        },
      ),
    );
    expect(plan.channels.push.outcome).toEqual({ action: 'send' });
    const noPush = planNotification(
      event('status_completed'),
      registered({ email: 'a@b.fr', pushTokens: ['t'] }),
      context(
        {},
        {
          cascade: {
            ...policy,
            rules: [{ name: 'e', groups: [{ mode: 'all', channels: ['email'] }] }],
          },
        },
      ),
    );
    expect(noPush.channels.push.outcome).toEqual({ action: 'skip', reason: 'not_in_policy' });
    expect(fallbackChannel('email', noPush, { phoneStatus: 'invalid' })).toBe('push');
    expect(fallbackChannel('email', noPush)).toBe('push');
  });

  it('a policy fallback to push works for a registered customer', () => {
    const policy: CascadePolicy = {
      ...DEFAULT_CASCADE_POLICY,
      fallback: { whatsapp: ['sms', 'push'] },
    };
    const plan = planNotification(
      event('status_completed'),
      registered(
        { phoneNumber: MOBILE, pushTokens: ['t'] },
        { consentLog: [consent('whatsapp', true)] },
      ),
      context({}, { cascade: policy }),
    );
    expect(plan.channels.push.outcome).toEqual({
      action: 'skip',
      reason: 'covered_by_other_channel',
    });
    expect(fallbackChannel('whatsapp', plan)).toBe('push');
  });
});

describe('isSuperseded', () => {
  it.each<[NotificationKind, TicketStatus, TicketStatus | null, boolean]>([
    ['status_in_repair', 'in_repair', 'in_repair', false],
    ['status_in_repair', 'in_repair', 'completed', true],
    ['status_diagnosing', 'diagnosing', 'waiting_for_parts', true],
    ['status_completed', 'completed', 'completed', false],
    ['status_completed', 'completed', 'picked_up', true],
    ['status_cancelled', 'cancelled', 'cancelled', false],
    ['pickup_reminder_1', 'completed', 'completed', false],
    ['pickup_reminder_2', 'completed', 'picked_up', true],
    ['pickup_reminder_final', 'completed', 'cancelled', true],
    ['appointment_changed', 'received', 'diagnosing', false],
    ['appointment_changed', 'received', 'picked_up', true],
    ['appointment_changed', 'received', 'cancelled', true],
    ['walk_in_welcome', 'received', 'diagnosing', false],
    ['ticket_received', 'received', 'completed', false],
    ['payment_reminder', 'completed', 'picked_up', false],
    ['staff_urgent', 'in_repair', 'completed', false],
    ['reply_status', 'in_repair', 'completed', false],
    ['walk_in_welcome', 'received', null, true],
    ['staff_urgent', 'in_repair', null, true],
  ])('%s planned at %s, now %s → %s', (kind, planned, current, expected) => {
    expect(isSuperseded(kind, planned, current)).toBe(expected);
  });
});

describe('recheck', () => {
  const planned = (over: Partial<PlannedNotification> = {}): PlannedNotification => ({
    kind: 'status_in_repair',
    channel: 'sms',
    ticketStatus: 'in_repair',
    e164: MOBILE_E164,
    ...over,
  });
  const optedIn = walkIn({ consentLog: [consent('sms', true)] });
  const state = (over: Partial<CurrentState> = {}): CurrentState => ({
    ticketStatus: 'in_repair',
    recipient: optedIn,
    ...over,
  });

  it.each<[string, PlannedNotification, CurrentState, PlanOutcome]>([
    ['nothing changed → send', planned(), state(), { action: 'send' }],
    [
      'in repair → completed within minutes: superseded',
      planned(),
      state({ ticketStatus: 'completed' }),
      { action: 'skip', reason: 'superseded' },
    ],
    [
      'ticket deleted: superseded',
      planned(),
      state({ ticketStatus: null }),
      { action: 'skip', reason: 'superseded' },
    ],
    [
      'STOP received since',
      planned(),
      state({
        recipient: walkIn({ consentLog: [consent('sms', true, 1), consent('sms', false, 2)] }),
      }),
      { action: 'skip', reason: 'no_consent' },
    ],
    [
      'STOPALL on WhatsApp since',
      planned(),
      state({
        recipient: walkIn({
          consentLog: [consent('sms', true, 1), consent('whatsapp', false, 2, { scope: 'all' })],
        }),
      }),
      { action: 'skip', reason: 'no_consent' },
    ],
    [
      'suppressed since',
      planned(),
      state({ recipient: { ...optedIn, suppressed: true } }),
      { action: 'skip', reason: 'suppressed' },
    ],
    [
      'the number was suppressed since',
      planned(),
      state({ recipient: { ...optedIn, suppressions: { [MOBILE_E164]: 'all' } } }),
      { action: 'skip', reason: 'suppressed' },
    ],
    [
      'the number was marked invalid since',
      planned(),
      state({ recipient: { ...optedIn, phoneMarks: [{ e164: MOBILE_E164, status: 'invalid' }] } }),
      { action: 'skip', reason: 'phone_marked_invalid' },
    ],
    [
      'the number is marked among other marks',
      planned(),
      state({
        recipient: {
          ...optedIn,
          phoneMarks: [
            { e164: '+33781234567', status: 'landline' },
            { e164: MOBILE_E164, status: 'unknown_handset' },
          ],
        },
      }),
      { action: 'skip', reason: 'phone_marked_invalid' },
    ],
    [
      'a mark on another number does not matter',
      planned(),
      state({
        recipient: { ...optedIn, phoneMarks: [{ e164: '+33781234567', status: 'invalid' }] },
      }),
      { action: 'send' },
    ],
    [
      'SMS switched off since',
      planned(),
      state({
        settings: {
          ...DEFAULT_SETTINGS,
          channelsEnabled: { email: true, sms: false, whatsapp: true, push: true },
        },
      }),
      { action: 'skip', reason: 'channel_disabled' },
    ],
    [
      'another channel switched off does not matter',
      planned(),
      state({
        settings: {
          ...DEFAULT_SETTINGS,
          channelsEnabled: { email: false, sms: true, whatsapp: true, push: true },
        },
      }),
      { action: 'send' },
    ],
    [
      'walk-in service message keeps its basis',
      planned({ kind: 'status_completed', ticketStatus: 'completed' }),
      state({ ticketStatus: 'completed', recipient: walkIn() }),
      { action: 'send' },
    ],
    [
      'walk-in progress update without consent has no basis',
      planned(),
      state({ recipient: walkIn() }),
      { action: 'skip', reason: 'no_basis' },
    ],
    [
      'the walk-in registered since: consent rules now (SMS off by default)',
      planned({ kind: 'status_completed', ticketStatus: 'completed' }),
      state({ ticketStatus: 'completed', recipient: registered({ phoneNumber: MOBILE }) }),
      { action: 'skip', reason: 'no_consent' },
    ],
    [
      'email is not affected by phone suppression',
      planned({ channel: 'email', e164: null }),
      state({ recipient: registered({ email: 'a@b.fr' }, { suppressed: true }) }),
      { action: 'send' },
    ],
    [
      'a phone mark never blocks email',
      planned({ channel: 'email', e164: MOBILE_E164 }),
      state({
        recipient: registered(
          { email: 'a@b.fr' },
          { phoneMarks: [{ e164: MOBILE_E164, status: 'invalid' }] },
        ),
      }),
      { action: 'send' },
    ],
    [
      'superseded is checked first',
      planned(),
      state({ ticketStatus: 'completed', recipient: { ...optedIn, suppressed: true } }),
      { action: 'skip', reason: 'superseded' },
    ],
  ])('%s', (_label, p, s, expected) => {
    expect(recheck(p, s)).toEqual(expected);
  });
});

describe('plannedNotificationOf', () => {
  it('keeps what recheck needs, with the number only for messaging channels', () => {
    const plan = planNotification(event('status_in_repair', 'in_repair'), walkIn(), context());
    expect(plannedNotificationOf(plan, 'sms')).toEqual({
      kind: 'status_in_repair',
      channel: 'sms',
      ticketStatus: 'in_repair',
      e164: MOBILE_E164,
    });
    expect(plannedNotificationOf(plan, 'whatsapp').e164).toBe(MOBILE_E164);
    expect(plannedNotificationOf(plan, 'email')).toEqual({
      kind: 'status_in_repair',
      channel: 'email',
      ticketStatus: 'in_repair',
      e164: null,
    });
    const noPhone = planNotification(
      event('status_completed'),
      walkIn({}, { phone: null }),
      context(),
    );
    expect(plannedNotificationOf(noPhone, 'sms').e164).toBeNull();
  });

  it('round-trips through recheck: unchanged state → send, moved on → superseded', () => {
    const recipient = walkIn({ consentLog: [consent('sms', true)] });
    const plan = planNotification(event('status_in_repair', 'in_repair'), recipient, context());
    const planned = plannedNotificationOf(plan, 'sms');
    expect(recheck(planned, { ticketStatus: 'in_repair', recipient })).toEqual({ action: 'send' });
    expect(recheck(planned, { ticketStatus: 'completed', recipient })).toEqual({
      action: 'skip',
      reason: 'superseded',
    });
  });
});

describe('isActiveOutcome', () => {
  it.each<[PlanOutcome, boolean]>([
    [{ action: 'send' }, true],
    [{ action: 'defer', until: DAY, reason: 'quiet_hours' }, true],
    [{ action: 'hold', reason: 'budget_exhausted', expiresAt: DAY }, true],
    [{ action: 'skip', reason: 'no_consent' }, false],
  ])('%j → %s', (outcome, expected) => {
    expect(isActiveOutcome(outcome)).toBe(expected);
  });
});

describe('planNotification: properties', () => {
  const phones = fc.constantFrom(
    MOBILE,
    OTHER_MOBILE,
    LANDLINE,
    '0692 12 34 56',
    '+32 470 12 34 56',
    '0612',
    'abc',
    '',
    null,
    undefined,
  );
  const e164s = [MOBILE_E164, '+33781234567', '+33145678901', '+262692123456', '+32470123456'];
  const logRecord = fc.record({
    channel: fc.constantFrom(...CHANNELS),
    granted: fc.constantFrom(true, true, false),
    at: fc.integer({ min: 0, max: 20 }).map((m) => new Date(Date.UTC(2026, 1, 1, 9, m))),
    source: fc.constantFrom('counter', 'web', 'keyword', 'twilio-error', 'staff', 'registration'),
    actor: fc.constant('x'),
    wordingVersion: fc.constant('v1'),
    scope: fc.constantFrom<'channel' | 'all' | undefined>(undefined, 'channel', 'all'),
  }) as fc.Arbitrary<ConsentRecord>;
  const recipient: fc.Arbitrary<Recipient> = fc.record(
    {
      customerId: fc.constantFrom('cust-1', 'cust-2', null, undefined),
      clientId: fc.constantFrom('client-1', 'client-2', 'client-3'),
      profile: fc.option(
        fc.record({
          email: fc.constantFrom('a@b.fr', '', null, undefined),
          phoneNumber: phones,
          notificationPreferences: fc.option(
            fc.record(
              {
                emailEnabled: fc.boolean(),
                smsEnabled: fc.boolean(),
                whatsappEnabled: fc.boolean(),
                pushEnabled: fc.boolean(),
              },
              { requiredKeys: [] },
            ),
          ),
          pushTokens: fc.constantFrom(['t'], [], null, undefined),
        }),
        { nil: undefined },
      ),
      client: fc.record({ phone: phones, email: fc.constantFrom('c@d.fr', null, undefined) }),
      consentLog: fc.array(logRecord, { maxLength: 5 }),
      phoneMarks: fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(
            fc.record({
              e164: fc.constantFrom(...e164s),
              status: fc.constantFrom('invalid', 'landline', 'unknown_handset'),
            }),
            { maxLength: 2 },
          ),
        },
      ),
      suppressed: fc.constantFrom(false, false, false, false, false, true),
      suppressions: fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: fc.dictionary(
            fc.constantFrom(...e164s),
            fc.constantFrom('all', 'sms', 'whatsapp'),
            { maxKeys: 2 },
          ),
        },
      ),
      lastInboundWhatsAppAt: fc.option(
        fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
      ),
    },
    { requiredKeys: ['clientId', 'client'] },
  ) as fc.Arbitrary<Recipient>;
  const group = fc.record({
    mode: fc.constantFrom<'all' | 'first'>('all', 'first'),
    channels: fc.shuffledSubarray([...CHANNELS], { minLength: 1 }),
  });
  const policy: fc.Arbitrary<CascadePolicy> = fc.oneof(
    fc.constant(DEFAULT_CASCADE_POLICY),
    fc.record({
      rules: fc.array(
        fc.record({
          name: fc.constant('r'),
          groups: fc.array(group, { minLength: 1, maxLength: 3 }),
        }),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      quietHoursChannels: fc.shuffledSubarray([...CHANNELS]),
      fallback: fc.constant({ whatsapp: ['sms' as Channel] }),
    }),
  );
  const ctx: fc.Arbitrary<PlanContext> = fc.record({
    now: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
    settings: fc
      .record({
        policy,
        percent: fc.constantFrom(0, 50, 100, 100),
        enabled: fc.record({
          email: fc.constantFrom(true, true, true, true, true, false),
          sms: fc.constantFrom(true, true, true, true, true, false),
          whatsapp: fc.constantFrom(true, true, true, true, true, false),
          push: fc.constantFrom(true, true, true, true, true, false),
        }),
      })
      .map(({ policy: cascade, percent, enabled }) => ({
        ...DEFAULT_SETTINGS,
        cascade,
        channelsEnabled: enabled,
        rollout: {
          email: { percent: 100, allowlist: [] },
          sms: { percent, allowlist: [] },
          whatsapp: { percent, allowlist: [] },
          push: { percent: 100, allowlist: [] },
        },
      })),
    budgetSpentEur: fc.constantFrom(0, 10, 45, 50, 80),
    recentSendCounts: fc.record({
      lastDay: fc.integer({ min: 0, max: 6 }),
      lastWeek: fc.integer({ min: 0, max: 15 }),
    }),
  });
  const kind = fc.constantFrom(...NOTIFICATION_KINDS);
  const status = fc.constantFrom(...TICKET_STATUSES);

  it('never WhatsApp and SMS both on their way for one event', () => {
    fc.assert(
      fc.property(kind, status, recipient, ctx, (k, s, r, c) => {
        const plan = planNotification(
          { kind: k, ticketStatus: s, ticketId: 't', changeId: 'c' },
          r,
          c,
        );
        const active = CHANNELS.filter((ch) => isActiveOutcome(plan.channels[ch].outcome));
        expect(active.includes('sms') && active.includes('whatsapp')).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('nothing on a messaging channel without a current basis, never to a suppressed or marked number', () => {
    fc.assert(
      fc.property(kind, status, recipient, ctx, (k, s, r, c) => {
        const plan = planNotification(
          { kind: k, ticketStatus: s, ticketId: 't', changeId: 'c' },
          r,
          c,
        );
        for (const channel of CHANNELS) {
          const ch = plan.channels[channel];
          if (!isActiveOutcome(ch.outcome)) continue;
          // Recompute the basis independently of the planner's bookkeeping.
          const e164 = plan.phone?.e164 ?? null;
          const suppressed =
            isMessagingChannel(channel) &&
            (r.suppressed === true ||
              (e164 !== null && ['all', channel].includes(r.suppressions?.[e164] ?? '')));
          const basis = lawfulBasis({
            channel,
            kind: k,
            audience: audienceOf(r),
            consent: consentStateOf(r),
            suppressed,
          });
          expect(basis.ok).toBe(true);
          expect(ch.basis).toBe(basis.ok ? basis.value : null);
          expect(c.settings.channelsEnabled[channel]).toBe(true);
          if (isMessagingChannel(channel)) {
            expect(suppressed).toBe(false);
            expect(plan.phone).not.toBeNull();
            expect(ch.to).toBe(e164);
            expect((r.phoneMarks ?? []).some((m) => m.e164 === e164)).toBe(false);
            if (channel === 'sms') expect(plan.phone?.smsCapable).toBe(true);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('critical bypasses quiet hours, holds and caps; nothing else bypasses them', () => {
    fc.assert(
      fc.property(kind, status, recipient, ctx, (k, s, r, c) => {
        const plan = planNotification(
          { kind: k, ticketStatus: s, ticketId: 't', changeId: 'c' },
          r,
          c,
        );
        for (const channel of CHANNELS) {
          const o = plan.channels[channel].outcome;
          if (PRIORITY_BY_KIND[k] === 'critical') {
            expect(['defer', 'hold']).not.toContain(o.action);
            if (o.action === 'skip') expect(o.reason).not.toBe('frequency_cap');
          }
          if (o.action === 'defer') {
            expect(['low', 'normal']).toContain(PRIORITY_BY_KIND[k]);
            expect(o.until.getTime()).toBeGreaterThan(c.now.getTime());
            expect(c.settings.cascade.quietHoursChannels).toContain(channel);
          }
          if (o.action === 'hold') {
            expect(['low', 'normal']).toContain(PRIORITY_BY_KIND[k]);
            expect(isMessagingChannel(channel)).toBe(true);
            expect(o.expiresAt.getTime()).toBe(
              c.now.getTime() + c.settings.budget.holdExpiryHours * 3_600_000,
            );
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic: the same inputs give the same plan', () => {
    fc.assert(
      fc.property(kind, status, recipient, ctx, (k, s, r, c) => {
        const e = { kind: k, ticketStatus: s, ticketId: 't', changeId: 'c' };
        expect(planNotification(e, r, c)).toEqual(planNotification(e, r, c));
      }),
      { numRuns: 100 },
    );
  });

  it('walk-in welcome goes by SMS to a valid mobile (and by email when there is one)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MOBILE, OTHER_MOBILE, '0692 12 34 56', '+32 470 12 34 56'),
        fc.constantFrom('jo@example.fr', null),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
        (phone, email, now) => {
          const plan = planNotification(
            event('walk_in_welcome'),
            walkIn({}, { phone, email }),
            context({ now }),
          );
          expect(['send', 'defer']).toContain(plan.channels.sms.outcome.action);
          expect(plan.channels.email.outcome.action).toBe(email === null ? 'skip' : 'send');
          expect(plan.channels.whatsapp.outcome).toEqual({ action: 'skip', reason: 'no_basis' });
        },
      ),
    );
  });

  it('fallback never goes to a channel without a basis, and never after an invalid number', () => {
    fc.assert(
      fc.property(
        kind,
        status,
        recipient,
        ctx,
        fc.constantFrom(...CHANNELS),
        (k, s, r, c, failed) => {
          const plan = planNotification(
            { kind: k, ticketStatus: s, ticketId: 't', changeId: 'c' },
            r,
            c,
          );
          const next = fallbackChannel(failed, plan);
          if (next !== null) {
            expect(next).not.toBe(failed);
            expect(plan.eligibility[next]).toBeNull();
            expect(plan.channels[next].basis).not.toBeNull();
            expect(isActiveOutcome(plan.channels[next].outcome)).toBe(false);
          }
          if (isMessagingChannel(failed)) {
            expect(fallbackChannel(failed, plan, { phoneStatus: 'invalid' })).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
