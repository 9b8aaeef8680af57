import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planNotification, type Recipient } from './cascade.ts';
import type { ConsentRecord } from './consent.ts';
import { PRIORITY_BY_KIND } from './priorities.ts';
import {
  decideSend,
  type GateMessage,
  type GateState,
  SEND_ORIGINS,
  type SendOrigin,
} from './send-gate.ts';
import { DEFAULT_SETTINGS, type NotificationSettings } from './settings.ts';
import { CHANNELS, type Channel, type NotificationKind } from './types.ts';

// Tuesday 3 March 2026, 10:00 in Paris: inside the send window.
const DAY = new Date('2026-03-03T09:00:00.000Z');
// Tuesday 23:00 in Paris: quiet hours until Wednesday 08:00 (07:00 UTC).
const NIGHT = new Date('2026-03-03T22:00:00.000Z');
const E164 = '+33612345678';

const record = (channel: Channel, granted: boolean): ConsentRecord => ({
  channel,
  granted,
  at: new Date('2026-03-01T10:00:00Z'),
  source: 'counter',
  actor: 'staff-1',
  wordingVersion: 'v1',
  scope: 'channel',
});

const walkIn = (extra: Partial<Recipient> = {}): Recipient => ({
  clientId: 'client-1',
  client: { phone: '06 12 34 56 78', email: 'a@example.fr' },
  ...extra,
});
const registered = (extra: Partial<Recipient> = {}): Recipient => ({
  customerId: 'cust-1',
  clientId: 'client-1',
  profile: {
    email: 'a@example.fr',
    phoneNumber: '06 12 34 56 78',
    notificationPreferences: { emailEnabled: true, smsEnabled: true, whatsappEnabled: true },
  },
  client: { phone: null, email: null },
  ...extra,
});

const message = (over: Partial<GateMessage> = {}): GateMessage => {
  const kind: NotificationKind = over.kind ?? 'status_completed';
  return {
    origin: 'ticket',
    kind,
    channel: 'sms',
    priority: PRIORITY_BY_KIND[kind],
    ticketStatus: 'completed',
    e164: E164,
    ...over,
  };
};
const state = (over: Partial<GateState> = {}): GateState => ({
  now: DAY,
  settings: DEFAULT_SETTINGS,
  recipient: walkIn(),
  ticketStatus: 'completed',
  budgetSpentEur: 0,
  recentSendCounts: { lastDay: 0, lastWeek: 0 },
  lastInboundWhatsAppAt: null,
  timeZone: 'Europe/Paris',
  ...over,
});
const withSettings = (patch: Partial<NotificationSettings>): NotificationSettings => ({
  ...DEFAULT_SETTINGS,
  ...patch,
});

const NOTIFICATION_ORIGINS = SEND_ORIGINS.filter(
  (o): o is SendOrigin => !['auto_reply', 'staff_reply', 'test'].includes(o),
);

describe('decideSend: the one gate of every outbound message', () => {
  it('sends a walk-in service SMS on the service basis', () => {
    expect(decideSend(message(), state())).toEqual({
      action: 'send',
      basis: 'service',
      whatsappMode: null,
    });
  });

  it.each(SEND_ORIGINS)('%s: a STOP (suppression) stops it', (origin) => {
    const kind: NotificationKind = origin === 'auto_reply' ? 'reply_help' : 'status_completed';
    const d = decideSend(
      message({ origin, kind, priority: 'critical' }),
      state({ recipient: walkIn({ suppressions: { [E164]: 'sms' } }) }),
    );
    expect(d).toEqual({ action: 'skip', reason: 'suppressed' });
  });

  it('lets only the opt-out confirmation through a suppression, on its channel', () => {
    const suppressed = state({ recipient: walkIn({ suppressions: { [E164]: 'sms' } }) });
    const confirmation = message({ origin: 'auto_reply', kind: 'reply_opt_out', priority: 'high' });
    expect(decideSend(confirmation, suppressed).action).toBe('send');
    const staff = message({ origin: 'staff_reply', kind: 'reply_opt_out', priority: 'critical' });
    expect(decideSend(staff, suppressed)).toEqual({ action: 'skip', reason: 'suppressed' });
  });

  it('never attempts a send Twilio holds an opt-out for, not even our STOP confirmation', () => {
    const held = state({
      recipient: walkIn({
        suppressions: { [E164]: 'sms' },
        providerOptOuts: { [E164]: ['sms'] },
      }),
    });
    const confirmation = message({ origin: 'auto_reply', kind: 'reply_opt_out', priority: 'high' });
    expect(decideSend(confirmation, held)).toEqual({ action: 'skip', reason: 'suppressed' });
    for (const origin of SEND_ORIGINS) {
      expect(decideSend(message({ origin }), held)).toEqual({
        action: 'skip',
        reason: 'suppressed',
      });
    }
    // Twilio's list is per channel: WhatsApp to the same number still goes.
    const whatsapp = message({ origin: 'auto_reply', kind: 'reply_hours', channel: 'whatsapp' });
    expect(decideSend(whatsapp, held).action).toBe('send');
  });

  it('treats a channel Twilio holds as suppressed even without our own entry', () => {
    const held = state({ recipient: walkIn({ providerOptOuts: { [E164]: ['sms'] } }) });
    expect(decideSend(message(), held)).toEqual({ action: 'skip', reason: 'suppressed' });
  });

  it.each(NOTIFICATION_ORIGINS)('%s: a withdrawn consent stops it', (origin) => {
    const d = decideSend(
      message({ origin }),
      state({ recipient: registered({ consentLog: [record('sms', false)] }) }),
    );
    expect(d).toEqual({ action: 'skip', reason: 'no_consent' });
  });

  it('answers a customer who wrote to us without notification consent (their request)', () => {
    const d = decideSend(
      message({ origin: 'auto_reply', kind: 'reply_hours', priority: 'high', ticketStatus: null }),
      state({ recipient: registered({ consentLog: [record('sms', false)] }) }),
    );
    expect(d).toEqual({ action: 'send', basis: 'request', whatsappMode: null });
  });

  it.each(SEND_ORIGINS.filter((o) => o !== 'test'))(
    '%s: a channel switched off stops it',
    (origin) => {
      const d = decideSend(
        message({ origin }),
        state({
          settings: withSettings({
            channelsEnabled: { ...DEFAULT_SETTINGS.channelsEnabled, sms: false },
          }),
        }),
      );
      expect(d).toEqual({ action: 'skip', reason: 'channel_disabled' });
    },
  );

  it('sends a staff test on a channel not yet switched on', () => {
    const d = decideSend(
      message({ origin: 'test', kind: 'staff_urgent', ticketStatus: null, priority: 'critical' }),
      state({
        settings: withSettings({
          channelsEnabled: { ...DEFAULT_SETTINGS.channelsEnabled, sms: false },
        }),
      }),
    );
    expect(d).toEqual({ action: 'send', basis: 'test', whatsappMode: null });
  });

  it('skips a status message the ticket moved past, not a message about no ticket', () => {
    expect(decideSend(message(), state({ ticketStatus: 'picked_up' }))).toEqual({
      action: 'skip',
      reason: 'superseded',
    });
    expect(decideSend(message(), state({ ticketStatus: null })).action).toBe('skip');
    const reply = message({ origin: 'auto_reply', kind: 'reply_hours', ticketStatus: null });
    expect(decideSend(reply, state({ ticketStatus: null })).action).toBe('send');
  });

  it.each(NOTIFICATION_ORIGINS)('%s: defers a normal message in quiet hours', (origin) => {
    const d = decideSend(
      message({ origin, kind: 'status_in_repair', priority: 'normal', ticketStatus: 'in_repair' }),
      state({ now: NIGHT, ticketStatus: 'in_repair', recipient: registered() }),
    );
    expect(d).toEqual({
      action: 'defer',
      until: new Date('2026-03-04T07:00:00.000Z'),
      reason: 'quiet_hours',
    });
  });

  it('sends high and critical messages at night (an answer to a customer, a staff reply)', () => {
    const night = state({ now: NIGHT });
    expect(
      decideSend(
        message({ origin: 'auto_reply', kind: 'reply_help', priority: 'high', ticketStatus: null }),
        night,
      ).action,
    ).toBe('send');
    expect(
      decideSend(
        message({
          origin: 'staff_reply',
          kind: 'staff_urgent',
          priority: 'critical',
          ticketStatus: null,
        }),
        night,
      ).action,
    ).toBe('send');
  });

  it('holds a normal SMS when the budget is exhausted, whatever created it', () => {
    const spent = state({
      budgetSpentEur: DEFAULT_SETTINGS.budget.monthlyEur,
      recipient: registered(),
      ticketStatus: 'in_repair',
    });
    for (const origin of NOTIFICATION_ORIGINS) {
      const d = decideSend(
        message({
          origin,
          kind: 'status_in_repair',
          priority: 'normal',
          ticketStatus: 'in_repair',
        }),
        spent,
      );
      expect(d).toEqual({
        action: 'hold',
        reason: 'budget_exhausted',
        expiresAt: new Date(DAY.getTime() + DEFAULT_SETTINGS.budget.holdExpiryHours * 3_600_000),
      });
    }
    // critical passes the hold, never consent
    const critical = message({
      kind: 'staff_urgent',
      priority: 'critical',
      ticketStatus: 'in_repair',
    });
    expect(decideSend(critical, spent).action).toBe('send');
  });

  it('holds automatic answers on an exhausted budget, never the STOP/START confirmations', () => {
    const spent = state({ budgetSpentEur: DEFAULT_SETTINGS.budget.monthlyEur, ticketStatus: null });
    const answer = (kind: NotificationKind) =>
      message({ origin: 'auto_reply', kind, priority: PRIORITY_BY_KIND[kind], ticketStatus: null });
    expect(decideSend(answer('reply_help'), spent).action).toBe('hold');
    expect(decideSend(answer('reply_hours'), spent).action).toBe('hold');
    expect(decideSend(answer('reply_opt_out'), spent).action).toBe('send');
    expect(decideSend(answer('reply_opt_in'), spent).action).toBe('send');
    // A `high` notification (ready for pickup) still passes, as before.
    const ready = message({ kind: 'status_completed', priority: 'high' });
    expect(decideSend(ready, { ...spent, ticketStatus: 'completed' }).action).toBe('send');
  });

  it('caps a recipient who already got too many messages (not critical ones)', () => {
    const capped = state({ recentSendCounts: { lastDay: 99, lastWeek: 99 } });
    expect(decideSend(message({ origin: 'fallback' }), capped)).toEqual({
      action: 'skip',
      reason: 'frequency_cap',
    });
    expect(
      decideSend(
        message({ origin: 'auto_reply', kind: 'reply_help', priority: 'high', ticketStatus: null }),
        capped,
      ),
    ).toEqual({
      action: 'skip',
      reason: 'frequency_cap',
    });
    expect(
      decideSend(message({ origin: 'staff_reply', priority: 'critical' }), capped).action,
    ).toBe('send');
  });

  it('skips a number Twilio marked invalid, and a recipient out of the rollout', () => {
    const marked = state({
      recipient: walkIn({ phoneMarks: [{ e164: E164, status: 'invalid' }] }),
    });
    expect(decideSend(message(), marked)).toEqual({
      action: 'skip',
      reason: 'phone_marked_invalid',
    });
    const rollout = withSettings({
      rollout: { ...DEFAULT_SETTINGS.rollout, sms: { percent: 0, allowlist: [] } },
    });
    expect(decideSend(message(), state({ settings: rollout }))).toEqual({
      action: 'skip',
      reason: 'not_in_rollout',
    });
  });

  it('WhatsApp: free text inside the 24 h window, the template outside or when forced', () => {
    const wa = message({ channel: 'whatsapp', origin: 'ticket' });
    const consented = registered();
    const inside = state({
      recipient: consented,
      lastInboundWhatsAppAt: new Date(DAY.getTime() - 3_600_000),
    });
    expect(decideSend(wa, inside)).toMatchObject({ action: 'send', whatsappMode: 'free_text' });
    expect(decideSend({ ...wa, templateOnly: true }, inside)).toMatchObject({
      whatsappMode: 'template',
    });
    const outside = state({
      recipient: consented,
      lastInboundWhatsAppAt: new Date(DAY.getTime() - 30 * 3_600_000),
    });
    expect(decideSend(wa, outside)).toMatchObject({ action: 'send', whatsappMode: 'template' });
  });

  it.each([
    ['offline', { status: 'OFFLINE', qualityRating: 'HIGH' }, 'skip'],
    ['flagged (quality LOW)', { status: 'ONLINE', qualityRating: 'LOW' }, 'skip'],
    ['in review', { status: 'TWILIO_REVIEW', qualityRating: 'UNKNOWN' }, 'skip'],
    ['online, MEDIUM', { status: 'ONLINE', qualityRating: 'MEDIUM' }, 'send'],
    ['never checked', null, 'send'],
  ] as const)('WhatsApp sender %s → %s', (_name, whatsappSender, action) => {
    const s = state({ recipient: registered(), whatsappSender });
    for (const origin of ['ticket', 'fallback', 'auto_reply', 'staff_reply'] as const) {
      const kind: NotificationKind = origin.endsWith('reply') ? 'reply_help' : 'status_completed';
      const d = decideSend(message({ channel: 'whatsapp', origin, kind }), s);
      expect(d.action).toBe(action);
      if (action === 'skip') expect(d).toEqual({ action, reason: 'whatsapp_sender_unavailable' });
    }
    // SMS never depends on it; a staff test on WhatsApp still goes (it shows the failure).
    expect(decideSend(message(), s).action).toBe('send');
    expect(decideSend(message({ channel: 'whatsapp', origin: 'test' }), s).action).toBe('send');
  });

  it('a missing lawful basis outranks the sender: the reason stays the basis', () => {
    const d = decideSend(
      message({ channel: 'whatsapp' }),
      state({ whatsappSender: { status: 'OFFLINE', qualityRating: 'HIGH' } }),
    );
    expect(d).toEqual({ action: 'skip', reason: 'no_basis' });
  });

  it('agrees with the planner on a channel the plan sends on (same state, same answer)', () => {
    const kinds: NotificationKind[] = ['status_completed', 'status_in_repair', 'ticket_received'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 23 }),
        (kind, isRegistered, spent, sentToday, hour) => {
          const now = new Date(Date.UTC(2026, 2, 3, hour));
          const recipient = isRegistered ? registered() : walkIn();
          const counts = { lastDay: sentToday, lastWeek: sentToday };
          const ticketStatus =
            kind === 'status_in_repair'
              ? 'in_repair'
              : kind === 'status_completed'
                ? 'completed'
                : 'received';
          const plan = planNotification(
            { kind, ticketId: 't1', ticketStatus, changeId: 'c1' },
            recipient,
            { now, settings: DEFAULT_SETTINGS, budgetSpentEur: spent, recentSendCounts: counts },
          );
          for (const channel of CHANNELS) {
            const planned = plan.channels[channel];
            if (planned.outcome.action === 'skip') continue;
            const d = decideSend(
              {
                origin: 'ticket',
                kind,
                channel,
                priority: plan.priority,
                ticketStatus,
                e164: plan.phone?.e164 ?? null,
              },
              {
                now,
                settings: DEFAULT_SETTINGS,
                recipient,
                ticketStatus,
                budgetSpentEur: spent,
                recentSendCounts: counts,
                lastInboundWhatsAppAt: null,
                timeZone: plan.timeZone,
              },
            );
            expect(d.action).toBe(planned.outcome.action);
          }
        },
      ),
    );
  });
});
