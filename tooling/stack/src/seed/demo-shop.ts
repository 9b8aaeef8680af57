import {
  type Channel,
  DEFAULT_PRICE_SETTINGS,
  estimateMessageCostEur,
  NO_BASIS_MESSAGES,
  type NotificationKind,
  notificationId,
  notificationKindForStatus,
  type PriceZone,
  parsePhone,
  priorityOf,
  type SeededRandom,
  seededRandom,
  surveyCustomerKey,
  TICKET_STATUSES,
  type TicketStatus,
} from '@omega/core';
import { type SeedPhoneKind, seedPhone, WALK_IN_PHONE_MIX } from './phones.ts';
import { type PickedUpTicket, planSeededSurveys, type SeededAnswer } from './surveys.ts';

/** One document to write. */
export interface SeedDoc {
  path: string;
  data: Record<string, unknown>;
}

/** Options of {@link buildDemoShop}. */
export interface DemoShopOptions {
  /** PRNG seed (default 20260302): the same seed and `now` give the same shop. */
  seed?: number;
  /** "Today" of the shop: tickets and history are spread over the 60 days before. */
  now: Date;
  walkIns?: number;
  customers?: number;
}

/** The demo shop, as documents plus what it contains. */
export interface DemoShop {
  docs: SeedDoc[];
  /**
   * Satisfaction answers to record through the production writer (`recordSatisfactionAnswer`,
   * `seed.ts`): the answer, its counters and, for a low score, the alert and the inbox flag.
   */
  surveyAnswers: SeededAnswer[];
  counts: {
    walkIns: number;
    customers: number;
    tickets: number;
    ticketsByStatus: Record<TicketStatus, number>;
    history: number;
    conversations: number;
    suppressions: number;
    /** Satisfaction surveys that went out (the rest: skipped, or deferred to tomorrow). */
    surveysSent: number;
    /** Of those, the ones answered (recorded by `seed.ts` through the production writer). */
    surveysAnswered: number;
    phoneKinds: Record<SeedPhoneKind, number>;
  };
}

const FIRST = [
  'Jean',
  'Marie',
  'Lucas',
  'Léa',
  'Hugo',
  'Chloé',
  'Nathan',
  'Manon',
  'Louis',
  'Camille',
  'Gabriel',
  'Inès',
  'Arthur',
  'Zoé',
  'Jules',
  'Sarah',
  'Adam',
  'Emma',
  'Karim',
  'Aïcha',
  'Thi',
  'Mamadou',
  'Sofia',
  'Noah',
  'Élodie',
  'François',
  'Océane',
  'Yanis',
  'Maëlys',
  'Théo',
];
const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Nguyen',
  'Diallo',
  'Benali',
  'Payet',
  'Hoarau',
  "N'Diaye",
  'Da Silva',
  "L'Hôte",
];
const DEVICES = [
  'iPhone 13',
  'iPhone 14 Pro',
  'iPhone 12 mini',
  'iPhone SE',
  'Samsung Galaxy S22',
  'Samsung Galaxy A54',
  'Xiaomi Redmi Note 12',
  'Google Pixel 7',
  'Huawei P30',
  'OnePlus 11',
  'iPad Air',
  'Oppo Reno 8',
];
const STATUS_MIX: ReadonlyArray<readonly [TicketStatus, number]> = [
  ['received', 14],
  ['diagnosing', 12],
  ['waiting_for_parts', 10],
  ['in_repair', 14],
  ['quote_pending', 8],
  ['completed', 16],
  ['picked_up', 20],
  ['cancelled', 6],
];
const INBOUND = [
  'Bonjour, mon téléphone est prêt ?',
  'Merci !',
  'Vous fermez à quelle heure samedi ?',
  "D'accord pour le devis",
  'Je passe demain matin',
  'HORAIRES',
  'Est-ce que vous avez reçu la pièce ?',
  'STOP',
];

const DAY = 86_400_000;
const wording = 'v2026-01';

function consentRecord(
  channel: Channel,
  granted: boolean,
  at: Date,
  source: string,
  actor: string,
) {
  return { channel, granted, at, source, actor, wordingVersion: wording };
}

/**
 * Builds a realistic demo shop, deterministically: about 200 walk-in clients and 60
 * registered customers with mixed preferences and consents and every kind of phone number
 * (French mobiles written every way, overseas departments, foreign, landlines, invalid,
 * none), tickets in every status, past notification history with costs and failures,
 * conversations, suppressions and consent records, and the settings the local stack needs
 * (sandbox senders, a send window open around the clock so the demo works at any hour).
 */
export function buildDemoShop(options: DemoShopOptions): DemoShop {
  const r: SeededRandom = seededRandom(options.seed ?? 20260302);
  const now = options.now;
  const walkIns = options.walkIns ?? 200;
  const customers = options.customers ?? 60;
  const docs: SeedDoc[] = [];
  const ticketsByStatus = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<
    TicketStatus,
    number
  >;
  const phoneKinds = Object.fromEntries(WALK_IN_PHONE_MIX.map(([k]) => [k, 0])) as Record<
    SeedPhoneKind,
    number
  >;
  let ticketSeq = 0;
  let historyCount = 0;
  let conversations = 0;
  let suppressions = 0;
  const pickedUp: PickedUpTicket[] = [];
  const ago = (maxDays: number) => new Date(now.getTime() - r.int(1, maxDays * 24 * 60) * 60_000);

  docs.push({
    path: 'settings/notifications',
    data: {
      defaultCountry: 'FR',
      twilio: { smsFrom: 'OMEGA', whatsappFrom: 'whatsapp:+14155238886' },
      // Local demo: open around the clock so `pnpm demo` sends at any hour (production keeps
      // core's 08:00–20:00, closed on Sundays and public holidays).
      sendWindow: {
        startHour: 0,
        startMinute: 0,
        endHour: 24,
        endMinute: 0,
        closedWeekdays: [],
        closedOnPublicHolidays: false,
      },
      budget: { monthlyEur: 150, warnRatio: 0.8, holdExpiryHours: 48 },
      shop: {
        hours: 'Lun-Sam 9h30-19h',
        address: '12 rue de la Paix, 75002 Paris',
        phone: '01 42 68 53 00',
        storageDays: 90,
      },
      // Customers' quote decisions are emailed here (the local mail catcher shows them).
      shopEmail: 'atelier@omega-services.local',
    },
  });

  const addTicket = (owner: {
    clientId: string;
    customerId: string | null;
    e164: string | null;
    zone: PriceZone;
    channels: Channel[];
    /** The channels with consent: the satisfaction survey's (never the walk-in basis). */
    consented: Channel[];
    email: string | null;
  }) => {
    ticketSeq += 1;
    const id = `T${String(ticketSeq).padStart(4, '0')}`;
    const status = r.weighted(STATUS_MIX);
    ticketsByStatus[status] += 1;
    const createdAt = ago(60);
    const updatedAt = new Date(
      createdAt.getTime() +
        r.int(0, Math.max(0, now.getTime() - createdAt.getTime()) / 60_000) * 60_000,
    );
    const completed = status === 'completed' || status === 'picked_up';
    if (status === 'picked_up')
      pickedUp.push({
        ticketId: id,
        clientId: owner.clientId,
        customerId: owner.customerId,
        e164: owner.e164,
        email: owner.email,
        zone: owner.zone,
        pickedUpAt: updatedAt,
        consented: owner.consented,
      });
    docs.push({
      path: `tickets/${id}`,
      data: {
        clientId: owner.clientId,
        customerId: owner.customerId,
        device: r.pick(DEVICES),
        status,
        trackingCode: `OM-${createdAt.toISOString().slice(2, 4)}${createdAt.toISOString().slice(5, 7)}-${String(ticketSeq).padStart(4, '0')}`,
        appointmentAt: r.chance(0.15) ? new Date(now.getTime() + r.int(1, 10) * DAY) : null,
        createdAt,
        updatedAt,
        ...(completed ? { completedAt: updatedAt } : {}),
        ...(status === 'quote_pending' || status === 'completed'
          ? { amountDueEur: r.pick([49, 79, 89, 129, 179, 249]) }
          : {}),
      },
    });
    // Past notifications: one for the creation and one for the current status.
    const kinds: NotificationKind[] = [
      notificationKindForStatus('received', { walkIn: !owner.customerId }),
    ];
    if (status !== 'received')
      kinds.push(notificationKindForStatus(status, { walkIn: !owner.customerId }));
    kinds.forEach((kind, i) => {
      const channel = owner.channels.length > 0 ? r.pick(owner.channels) : null;
      const at = i === 0 ? createdAt : updatedAt;
      const changeId = `seed:${i}`;
      if (!channel) {
        historyCount += 1;
        docs.push({
          path: `notification_history/${notificationId({ ticketId: id, changeId, channel: 'sms' })}`,
          data: historyDoc({
            id,
            owner,
            kind,
            channel: 'sms',
            at,
            changeId,
            status: 'skipped',
            skipReason: owner.e164 ? 'no_consent' : 'no_valid_phone',
          }),
        });
        return;
      }
      const drawn = r.weighted<'delivered' | 'read' | 'undelivered' | 'failed'>([
        ['delivered', 80],
        ['read', channel === 'whatsapp' ? 30 : 0],
        ['undelivered', channel === 'sms' ? 6 : 0],
        ['failed', channel === 'whatsapp' ? 4 : 1],
      ]);
      const outcome = drawn;
      historyCount += 1;
      docs.push({
        path: `notification_history/${notificationId({ ticketId: id, changeId, channel })}`,
        data: historyDoc({ id, owner, kind, channel, at, changeId, status: outcome }),
      });
    });
  };

  function historyDoc(input: {
    id: string;
    owner: {
      clientId: string;
      customerId: string | null;
      e164: string | null;
      zone: PriceZone;
      email: string | null;
    };
    kind: NotificationKind;
    channel: Channel;
    at: Date;
    changeId: string;
    status: 'delivered' | 'read' | 'undelivered' | 'failed' | 'skipped';
    skipReason?: string;
  }): Record<string, unknown> {
    const { channel, owner, at, status } = input;
    const messaging = channel === 'sms' || channel === 'whatsapp';
    const segments =
      channel === 'sms'
        ? r.weighted([
            [1, 9],
            [2, 1],
          ] as const)
        : messaging
          ? 1
          : null;
    const cost =
      messaging && status !== 'skipped'
        ? estimateMessageCostEur(
            channel,
            { segments: segments ?? 1, zone: owner.zone },
            DEFAULT_PRICE_SETTINGS,
          )
        : null;
    const sentAt = status === 'skipped' ? null : new Date(at.getTime() + r.int(300, 2_000));
    const final = status === 'delivered' || status === 'read';
    const drawnDeliveredAt =
      final && sentAt ? new Date(sentAt.getTime() + r.int(1_500, 9_000)) : null;
    const drawnErrorCode =
      status === 'undelivered'
        ? r.pick([30003, 30005, 30007])
        : status === 'failed'
          ? channel === 'whatsapp'
            ? 63024
            : 30008
          : null;
    // Email and push have no delivery receipts: accepted (`sent`) is their last status (the
    // draws above still happen, so the rest of the shop stays the same for a given seed).
    const untracked = !messaging && status !== 'skipped';
    const shown = untracked ? 'sent' : status;
    const deliveredAt = untracked ? null : drawnDeliveredAt;
    const errorCode = untracked ? null : drawnErrorCode;
    const to = channel === 'email' ? owner.email : channel === 'push' ? 'push:1' : owner.e164;
    return {
      customerId: owner.customerId,
      clientId: owner.clientId,
      ticketId: input.id,
      type: channel,
      channel,
      kind: input.kind,
      priority: priorityOf(input.kind),
      changeId: input.changeId,
      ticketStatus:
        input.kind === 'walk_in_welcome' || input.kind === 'ticket_received'
          ? 'received'
          : input.kind.replace('status_', ''),
      status: shown,
      to,
      priceZone: messaging ? owner.zone : null,
      skipReason: input.skipReason ?? null,
      reasonText:
        input.skipReason === 'no_consent'
          ? 'Pas de consentement pour ce canal'
          : input.skipReason
            ? 'Aucun numéro valide'
            : null,
      notBefore: null,
      holdExpiresAt: null,
      createdAt: at,
      updatedAt: sentAt ?? at,
      sentAt,
      deliveredAt,
      attempts: status === 'skipped' ? 0 : 1,
      errorCode,
      errorMessage: errorCode ? `Twilio error ${errorCode}` : null,
      errors: [],
      // The timeline the pipeline would have written (the statistics rebuild reads it): planned,
      // accepted by the provider, then Twilio's callbacks (delivered before read).
      timeline:
        status === 'skipped' || !sentAt
          ? [{ status, at, source: 'pipeline', detail: input.skipReason ?? 'no_basis' }]
          : [
              { status: 'planned', at, source: 'pipeline' },
              { status: 'queued', at: sentAt, source: 'provider' },
              ...(shown === 'sent'
                ? []
                : deliveredAt
                  ? [{ status: 'delivered', at: deliveredAt, source: 'callback' }]
                  : [
                      {
                        status,
                        at: new Date(sentAt.getTime() + 4_000),
                        source: 'callback',
                        detail: String(errorCode),
                      },
                    ]),
              ...(status === 'read' && deliveredAt
                ? [
                    {
                      status: 'read',
                      at: new Date(deliveredAt.getTime() + 60_000),
                      source: 'callback',
                    },
                  ]
                : []),
            ],
      metadata: {
        twilioMessageId: messaging && status !== 'skipped' ? `SM${hex(r, 32)}` : null,
        providerMessageId: null,
        cost,
        segments: status === 'skipped' ? null : segments,
        encoding: channel === 'sms' ? 'GSM-7' : null,
        whatsappMode: channel === 'whatsapp' ? 'template' : null,
        contentSid: null,
        costActual: cost !== null && final ? cost : null,
        priceUnit: cost !== null && final ? 'USD' : null,
      },
      pricePending: false,
      seeded: true,
    };
  }

  // Walk-in clients: a phone typed at the counter (every kind), sometimes an email, SMS
  // consent ticked at the counter for about half of them.
  for (let i = 1; i <= walkIns; i += 1) {
    const id = `W${String(i).padStart(4, '0')}`;
    let kind = r.weighted(WALK_IN_PHONE_MIX);
    let phone = seedPhone(r, kind);
    // Two walk-ins carry the sandbox's failure numbers, so the demo shows those paths.
    if (i === 7 || i === 11) {
      kind = 'mobile';
      phone = i === 7 ? '06 00 00 00 03' : '+33 6 00 00 06 10';
    }
    phoneKinds[kind] += 1;
    const firstName = r.pick(FIRST);
    const lastName = r.pick(LAST);
    const email = r.chance(0.2) ? `${slug(firstName)}.${slug(lastName)}${i}@example.fr` : null;
    const createdAt = ago(90);
    const smsConsent = phone !== null && r.chance(0.5);
    const consent: Record<string, unknown> = {};
    if (smsConsent) consent.sms = consentRecord('sms', true, createdAt, 'counter', 'staff:accueil');
    if (smsConsent && r.chance(0.3))
      consent.whatsapp = consentRecord('whatsapp', true, createdAt, 'counter', 'staff:accueil');
    docs.push({
      path: `clients/${id}`,
      data: {
        name: `${firstName} ${lastName}`,
        firstName,
        phone,
        email,
        customerId: null,
        locale: r.chance(0.08) ? 'en' : 'fr',
        ...(Object.keys(consent).length > 0 ? { consent } : {}),
        createdAt,
      },
    });
    const parsed = phone ? parsePhone(phone, { defaultCountry: 'FR' }) : null;
    const e164 = parsed?.ok ? parsed.value.e164 : null;
    const channels: Channel[] = [];
    if (parsed?.ok && parsed.value.smsCapable) channels.push('sms');
    if (email) channels.push('email');
    const consented: Channel[] = [];
    if (consent.whatsapp && e164) consented.push('whatsapp');
    if (smsConsent && parsed?.ok && parsed.value.smsCapable) consented.push('sms');
    const tickets = r.weighted([
      [1, 8],
      [2, 2],
    ] as const);
    for (let t = 0; t < tickets; t += 1)
      addTicket({
        clientId: id,
        customerId: null,
        e164,
        zone: parsed?.ok ? parsed.value.zone : 'fr_metro',
        channels,
        consented,
        email,
      });
  }

  // Registered customers: a profile (preferences, push tokens, consent records) linked to
  // their counter record.
  for (let i = 1; i <= customers; i += 1) {
    const clientId = `C${String(i).padStart(4, '0')}`;
    const customerId = `U${String(i).padStart(4, '0')}`;
    const firstName = r.pick(FIRST);
    const lastName = r.pick(LAST);
    const kind = r.weighted<SeedPhoneKind>([
      ['mobile', 75],
      ['overseas', 8],
      ['foreign', 8],
      ['landline', 4],
      ['none', 5],
    ]);
    phoneKinds[kind] += 1;
    const phone = seedPhone(r, kind);
    const email = r.chance(0.92) ? `${slug(firstName)}.${slug(lastName)}.${i}@example.com` : null;
    const prefs = {
      emailEnabled: email !== null && r.chance(0.85),
      smsEnabled: phone !== null && r.chance(0.4),
      whatsappEnabled: phone !== null && r.chance(0.45),
      pushEnabled: r.chance(0.5),
    };
    const registeredAt = ago(120);
    const consent: Record<string, unknown> = {};
    const log = (channel: Channel, granted: boolean) => {
      consent[channel] = consentRecord(
        channel,
        granted,
        registeredAt,
        'registration',
        `customer:${customerId}`,
      );
      docs.push({
        path: `consent_log/seed_${customerId}_${channel}`,
        data: {
          ...consentRecord(
            channel,
            granted,
            registeredAt,
            'registration',
            `customer:${customerId}`,
          ),
          customerId,
          clientId,
          e164: null,
        },
      });
    };
    if (prefs.emailEnabled) log('email', true);
    if (prefs.smsEnabled) log('sms', true);
    if (prefs.whatsappEnabled) log('whatsapp', true);
    if (prefs.pushEnabled) log('push', true);
    const pushTokens = prefs.pushEnabled
      ? [r.chance(0.1) ? `invalid-${hex(r, 12)}` : `fcm-${hex(r, 24)}`]
      : [];
    const locale = r.chance(0.1) ? 'en' : 'fr';
    docs.push({
      path: `customer_profiles/${customerId}`,
      data: {
        firstName,
        lastName,
        email,
        phoneNumber: phone,
        notificationPreferences: prefs,
        clientId,
        pushTokens,
        locale,
        ...(Object.keys(consent).length > 0 ? { consent } : {}),
        createdAt: registeredAt,
      },
    });
    docs.push({
      path: `clients/${clientId}`,
      data: { name: `${firstName} ${lastName}`, firstName, phone: null, email, customerId, locale },
    });
    const parsed = phone ? parsePhone(phone, { defaultCountry: 'FR' }) : null;
    const e164 = parsed?.ok ? parsed.value.e164 : null;
    const channels: Channel[] = [];
    if (prefs.emailEnabled) channels.push('email');
    if (prefs.whatsappEnabled && e164) channels.push('whatsapp');
    if (prefs.smsEnabled && parsed?.ok && parsed.value.smsCapable) channels.push('sms');
    if (prefs.pushEnabled) channels.push('push');
    // A registered customer's preferences are their consent (the survey's channels too).
    const consented = channels;
    const tickets = r.weighted([
      [1, 6],
      [2, 3],
      [3, 1],
    ] as const);
    for (let t = 0; t < tickets; t += 1)
      addTicket({
        clientId,
        customerId,
        e164,
        zone: parsed?.ok ? parsed.value.zone : 'fr_metro',
        channels,
        consented,
        email,
      });

    // A few customers have talked to the shop; two of them said STOP earlier.
    if (e164 && i % 4 === 0) {
      conversations += 1;
      const messages = r.int(1, 4);
      let lastInboundAt = registeredAt;
      for (let m = 0; m < messages; m += 1) {
        const at = ago(30);
        const inbound = m % 2 === 0;
        const body = inbound
          ? r.pick(INBOUND.slice(0, -1))
          : 'Bonjour, votre appareil est prêt. À bientôt !';
        if (inbound && at > lastInboundAt) lastInboundAt = at;
        docs.push({
          path: `conversations/${e164}/messages/SM${hex(r, 32)}`,
          data: {
            direction: inbound ? 'inbound' : 'outbound',
            channel: 'sms',
            body,
            buttonPayload: null,
            ticketId: null,
            at,
            notificationId: null,
            intent: null,
          },
        });
      }
      docs.push({
        path: `conversations/${e164}`,
        data: {
          e164,
          customerId,
          clientId,
          channel: 'sms',
          lastInboundAt,
          lastOutboundAt: null,
          lastMessagePreview: 'Bonjour, mon téléphone est prêt ?',
          unread: r.int(0, 2),
          escalatedAt: null,
          lastAutoAckAt: null,
        },
      });
    }
    if (e164 && (i === 9 || i === 33)) {
      suppressions += 1;
      const at = ago(20);
      docs.push({
        path: `suppressions/${e164}`,
        data: {
          e164,
          scope: 'all',
          reason: 'opt_out_keyword',
          code: null,
          source: 'keyword',
          customerId,
          createdAt: at,
        },
      });
      docs.push({
        path: `consent_log/seed_${customerId}_stop`,
        data: {
          ...consentRecord('sms', false, at, 'keyword', `phone:${e164}`),
          scope: 'all',
          customerId,
          clientId,
          e164,
        },
      });
    }
  }
  // The walk-in who carries the sandbox's opted-out number is on the list too.
  suppressions += 1;
  docs.push({
    path: 'suppressions/+33600000610',
    data: {
      e164: '+33600000610',
      scope: 'all',
      reason: 'twilio_opt_out',
      code: 21610,
      source: 'twilio-error',
      customerId: null,
      createdAt: ago(10),
    },
  });

  // The satisfaction surveys of the picked-up tickets, decided by core's survey rules with a
  // PRNG of their own (the shop above stays the same for a seed): each a history document as the
  // pipeline writes it (deferred to the next morning, then sent and delivered; skipped no_basis
  // without consent), the customer's satisfaction_contacts marker, and answers for seed.ts.
  const window = {
    startHour: 0,
    startMinute: 0,
    endHour: 24,
    endMinute: 0,
    closedWeekdays: [],
    closedOnPublicHolidays: false,
  };
  const sr = seededRandom((options.seed ?? 20260302) + 1);
  const planned = planSeededSurveys(pickedUp, { now, sendWindow: window, random: sr });
  const owners = new Map(pickedUp.map((t) => [t.ticketId, t]));
  let surveysSent = 0;
  for (const survey of planned.surveys) {
    if (survey.outcome === 'recent_survey') continue;
    const t = owners.get(survey.ticketId) as PickedUpTicket;
    const changeId = `satisfaction~${t.ticketId}`;
    const channel = survey.outcome === 'no_basis' ? 'sms' : survey.channel;
    const owner = {
      clientId: t.clientId,
      customerId: t.customerId,
      e164: t.e164,
      zone: t.zone,
      email: t.email,
    };
    const base = {
      id: t.ticketId,
      owner,
      kind: 'satisfaction_survey' as NotificationKind,
      channel,
      changeId,
    };
    let data: Record<string, unknown>;
    if (survey.outcome === 'no_basis') {
      data = {
        ...historyDoc({ ...base, at: survey.plannedAt, status: 'skipped', skipReason: 'no_basis' }),
        reasonText: NO_BASIS_MESSAGES.no_basis,
      };
    } else if (survey.outcome === 'deferred') {
      data = {
        ...historyDoc({ ...base, at: survey.plannedAt, status: 'skipped', skipReason: 'no_basis' }),
        status: 'deferred',
        skipReason: null,
        reasonText: null,
        notBefore: survey.sendAt,
        attempts: 0,
        timeline: [{ status: 'deferred', at: survey.plannedAt, source: 'pipeline' }],
      };
    } else {
      surveysSent += 1;
      const outcome = channel === 'whatsapp' && sr.chance(0.6) ? 'read' : 'delivered';
      const sent = historyDoc({ ...base, at: survey.sendAt, status: outcome });
      const timeline = (sent.timeline as Array<Record<string, unknown>>).slice(1);
      data = {
        ...sent,
        createdAt: survey.plannedAt,
        timeline: [{ status: 'deferred', at: survey.plannedAt, source: 'pipeline' }, ...timeline],
        metadata: { ...(sent.metadata as object), sendWaitedUntil: survey.sendAt },
      };
    }
    historyCount += 1;
    docs.push({
      path: `notification_history/${notificationId({ ticketId: t.ticketId, changeId, channel })}`,
      data: { ...data, ticketStatus: 'picked_up', origin: 'ticket' },
    });
  }
  for (const [key, last] of planned.contacts) {
    const t = owners.get(last.ticketId) as PickedUpTicket;
    docs.push({
      path: `satisfaction_contacts/${key}`,
      data: {
        customerKey: surveyCustomerKey({ customerId: t.customerId, clientId: t.clientId }),
        customerId: t.customerId,
        clientId: t.clientId,
        ticketId: last.ticketId,
        lastSurveyAt: last.at,
      },
    });
  }

  return {
    docs,
    surveyAnswers: planned.answers,
    counts: {
      walkIns,
      customers,
      tickets: ticketSeq,
      ticketsByStatus,
      history: historyCount,
      conversations,
      suppressions,
      surveysSent,
      surveysAnswered: planned.answers.length,
      phoneKinds,
    },
  };
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();
}

function hex(r: SeededRandom, length: number): string {
  let out = '';
  while (out.length < length) out += r.int(0, 15).toString(16);
  return out;
}
