import {
  CHANNELS,
  DEFAULT_QUOTE_CHASERS,
  DEFAULT_SETTINGS,
  LATITUDE_RANGE,
  LONGITUDE_RANGE,
  type NotificationSettings,
  PRICE_ZONES,
  type QuoteChaserSettings,
  quoteChaserDelaysProblem,
  type ShopLocation,
  sendWindowProblem,
} from '@omega/core';
import { MAPS_URL_PATTERN, REVIEW_URL_PATTERN } from '@omega/templates';
import { z } from 'zod';

const channel = z.enum(CHANNELS);
const zone = z.enum(PRICE_ZONES);
const euros = z.number().min(0).max(1000);
const hour = z.number().int().min(0).max(24);
const minute = z.number().int().min(0).max(59);

const cascadeRule = z.object({
  name: z.string().min(1),
  audience: z.enum(['registered', 'walk_in']).optional(),
  kinds: z.array(z.string()).optional(),
  emailReachable: z.boolean().optional(),
  groups: z.array(z.object({ mode: z.enum(['all', 'first']), channels: z.array(channel) })),
});

/** The quote chasers: one or two delays in whole hours, 1 to 336, ascending. */
export const quoteChasersSchema = z
  .object({ enabled: z.boolean(), delaysHours: z.array(z.number()) })
  .strict()
  .superRefine((v, ctx) => {
    const problem = quoteChaserDelaysProblem(v.delaysHours);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['delaysHours'] });
  });

/** Where Twilio messages come from. */
export const twilioSenderSchema = z.object({
  messagingServiceSid: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  /** Alphanumeric sender ID (≤ 11 characters) or an E.164 number. */
  smsFrom: z.string().min(1).max(16).optional(),
  /** `whatsapp:+…` or `+…`. */
  whatsappFrom: z.string().min(4).optional(),
});

/** One WhatsApp content template as synchronised with Twilio's Content API. */
export const whatsappTemplateSchema = z.object({
  contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/),
  approval: z.enum([
    'approved',
    'pending',
    'rejected',
    'unsubmitted',
    'received',
    'paused',
    'disabled',
  ]),
  friendlyName: z.string().optional(),
  /** WhatsApp's reason when `approval` is `rejected` (Content API `rejection_reason`). */
  rejectionReason: z.string().nullable().optional(),
  syncedAt: z.unknown().optional(),
  /** When the health schedule last read the approval. */
  checkedAt: z.unknown().optional(),
});

/**
 * The WhatsApp sender's health, written by the health schedule (`schedules/whatsapp-health.ts`)
 * from Twilio's Senders API; read by the send gate through the settings cache. Read leniently:
 * a malformed value is ignored (never checked), it never invalidates the settings.
 */
export const whatsappSenderHealthSchema = z.object({
  sid: z.string().nullable().optional(),
  senderId: z.string().nullable().optional(),
  /** Twilio's `status` (`ONLINE`, `OFFLINE`, …). */
  status: z.string().min(1),
  qualityRating: z.enum(['HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']).catch('UNKNOWN'),
  messagingLimit: z.string().nullable().optional(),
  offlineReasons: z
    .array(z.object({ code: z.string().nullable(), message: z.string().nullable() }))
    .nullable()
    .optional(),
  /** Core's `senderAvailability` at that reading. */
  available: z.boolean().optional(),
  cause: z.string().nullable().optional(),
  checkedAt: z.unknown().optional(),
  /** Since when the sender has been in this state (the first reading of it). */
  since: z.unknown().optional(),
  /** Samples of the watched error counters (core's `errorSpikes`). */
  errorSamples: z
    .array(z.object({ at: z.unknown(), day: z.string(), counts: z.record(z.string(), z.number()) }))
    .optional(),
});

/**
 * The shop's location (issue 16 item 4): the WhatsApp pin's coordinates and label, and the maps
 * page (`null`: derived from the coordinates by core's `shopMapsUrl`). Messages in French: the
 * dashboard shows them as they are.
 */
const shopLocationFields = {
  latitude: z
    .number('la latitude doit être un nombre')
    .min(LATITUDE_RANGE.min, 'la latitude doit être comprise entre -90 et 90')
    .max(LATITUDE_RANGE.max, 'la latitude doit être comprise entre -90 et 90'),
  longitude: z
    .number('la longitude doit être un nombre')
    .min(LONGITUDE_RANGE.min, 'la longitude doit être comprise entre -180 et 180')
    .max(LONGITUDE_RANGE.max, 'la longitude doit être comprise entre -180 et 180'),
  locationLabel: z
    .string()
    .trim()
    .min(1, 'le nom affiché sur la carte est obligatoire')
    .max(50, 'le nom affiché sur la carte fait 50 caractères au plus'),
  mapsUrl: z
    .string()
    .regex(
      MAPS_URL_PATTERN,
      'le lien de la carte doit être une adresse https de 70 caractères au plus, sans espace',
    )
    .nullable(),
};

/**
 * `settings/notifications` as stored: every field optional (missing → core's defaults), each
 * validated. Unknown fields are ignored so an older function reads a newer document.
 */
export const settingsDocSchema = z.object({
  defaultCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  channelsEnabled: z.partialRecord(channel, z.boolean()).optional(),
  cascade: z
    .object({
      rules: z.array(cascadeRule),
      quietHoursChannels: z.array(channel),
      fallback: z.partialRecord(channel, z.array(channel)),
    })
    .partial()
    .optional(),
  sendWindow: z
    .object({
      startHour: hour,
      startMinute: minute,
      endHour: hour,
      endMinute: minute,
      closedWeekdays: z.array(z.number().int().min(0).max(6)),
      closedOnPublicHolidays: z.boolean(),
    })
    .partial()
    .optional(),
  rollout: z
    .partialRecord(
      channel,
      z.object({ percent: z.number().min(0).max(100), allowlist: z.array(z.string()).default([]) }),
    )
    .optional(),
  frequencyCap: z
    .object({ maxPerDay: z.number().int().min(0), maxPerWeek: z.number().int().min(0) })
    .partial()
    .optional(),
  budget: z
    .object({
      monthlyEur: z.number().min(0),
      warnRatio: z.number().gt(0).max(1),
      holdExpiryHours: z.number().min(0),
    })
    .partial()
    .optional(),
  prices: z
    .object({
      usdToEur: z.number().gt(0).max(10),
      sms: z.partialRecord(zone, euros),
      whatsapp: z.partialRecord(zone, euros),
    })
    .partial()
    .optional(),
  retry: z
    .object({
      baseDelayMs: z.number().int().min(0),
      maxDelayMs: z.number().int().min(0),
      maxAttempts: z.number().int().min(1).max(50),
    })
    .partial()
    .optional(),
  twilio: twilioSenderSchema.optional(),
  whatsappTemplates: z.record(z.string(), whatsappTemplateSchema).optional(),
  whatsappSender: whatsappSenderHealthSchema.optional().catch(undefined),
  shop: z
    .object({
      hours: z.string().max(40),
      address: z.string().max(50),
      phone: z.string().max(20),
      storageDays: z.number().int().min(1).max(999),
      ...shopLocationFields,
    })
    .partial()
    .optional(),
  pickupReminders: z
    .object({ afterHours: z.array(z.number().min(1)).max(3) })
    .partial()
    .optional(),
  /** The chasers of an undecided quote: on or off, hours after it was sent (core's rules). */
  quoteChasers: quoteChasersSchema.optional(),
  shortLinkDomain: z.string().min(4).max(20).optional(),
  /** The satisfaction survey: the review page offered to every respondent (null: none). */
  satisfaction: z
    .object({
      reviewUrl: z
        .string()
        .regex(REVIEW_URL_PATTERN, 'une adresse https de 100 caractères au plus, sans espace')
        .nullable(),
    })
    .partial()
    .optional(),
  /** Where the shop is told of a customer's quote decision (issue 16); null: nobody (the dashboard shows it). */
  shopEmail: z.string().trim().email('une adresse email valide').max(254).nullable().optional(),
});

/** Shop facts shown in messages. */
export interface ShopSettings {
  hours: string;
  address: string;
  phone: string;
  storageDays: number;
  /** The shop's location: WhatsApp pin, maps button and links (core's `ShopLocation` fields). */
  latitude: number;
  longitude: number;
  locationLabel: string;
  /** `null`: core's `shopMapsUrl` derives Google Maps' search URL from the coordinates. */
  mapsUrl: string | null;
}

/** Everything the functions read from `settings/notifications`: core's settings plus delivery details. */
export interface PipelineSettings {
  core: NotificationSettings;
  twilio: z.output<typeof twilioSenderSchema>;
  whatsappTemplates: Partial<Record<string, z.output<typeof whatsappTemplateSchema>>>;
  /** The WhatsApp sender's last health reading; `null` when never checked. */
  whatsappSender: z.output<typeof whatsappSenderHealthSchema> | null;
  shop: ShopSettings;
  /** Hours after completion of each pickup reminder (1st, 2nd, final). */
  pickupReminderHours: number[];
  /** The chasers of an undecided quote (core's `QuoteChaserSettings`). */
  quoteChasers: QuoteChaserSettings;
  /** Short-link domain; when unset, `SHORT_LINK_DOMAIN` from the environment. */
  shortLinkDomain: string | null;
  /** The shop's review page, offered after every satisfaction answer; `null`: none. */
  reviewUrl: string | null;
  /** The shop's address for customers' quote decisions; `null`: none. */
  shopEmail: string | null;
}

export const DEFAULT_SHOP: ShopSettings = {
  hours: 'lun-sam 9h30-19h',
  address: '12 rue de la Republique, 75011 Paris',
  phone: '01 23 45 67 89',
  storageDays: 90,
  latitude: 48.8651,
  longitude: 2.3692,
  locationLabel: "O'MEGA Services",
  mapsUrl: null,
};

/** The shop settings as core's `ShopLocation` (for `shopMapsUrl`, `shopCoordinates`). */
export function shopLocationOf(shop: ShopSettings): ShopLocation {
  return {
    latitude: shop.latitude,
    longitude: shop.longitude,
    label: shop.locationLabel,
    mapsUrl: shop.mapsUrl,
  };
}

export const DEFAULT_PICKUP_REMINDER_HOURS = [48, 168, 336];

/** The pipeline settings when the document is missing. */
export const DEFAULT_PIPELINE_SETTINGS: PipelineSettings = {
  core: DEFAULT_SETTINGS,
  twilio: {},
  whatsappTemplates: {},
  whatsappSender: null,
  shop: DEFAULT_SHOP,
  pickupReminderHours: DEFAULT_PICKUP_REMINDER_HOURS,
  quoteChasers: DEFAULT_QUOTE_CHASERS,
  shortLinkDomain: null,
  reviewUrl: null,
  shopEmail: null,
};

/**
 * Reads `settings/notifications`: validated with zod and merged over core's defaults, then the
 * merged send window checked as a whole (core's `sendWindowProblem`). An invalid document gives
 * the defaults (an unusable window: the default window) plus the list of problems (the caller
 * logs them; the staff API refuses to store them), so a typo made in the dashboard never stops
 * notifications.
 */
export function parseSettings(data: unknown): { settings: PipelineSettings; issues: string[] } {
  if (data === undefined || data === null)
    return { settings: DEFAULT_PIPELINE_SETTINGS, issues: [] };
  const parsed = settingsDocSchema.safeParse(data);
  if (!parsed.success) {
    return {
      settings: DEFAULT_PIPELINE_SETTINGS,
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    };
  }
  const doc = parsed.data;
  const d = DEFAULT_SETTINGS;
  const rollout = { ...d.rollout };
  for (const [c, value] of Object.entries(doc.rollout ?? {})) {
    if (value) rollout[c as keyof typeof rollout] = value;
  }
  const core: NotificationSettings = {
    defaultCountry: (doc.defaultCountry ??
      d.defaultCountry) as NotificationSettings['defaultCountry'],
    channelsEnabled: { ...d.channelsEnabled, ...doc.channelsEnabled },
    cascade: {
      rules:
        (doc.cascade?.rules as NotificationSettings['cascade']['rules'] | undefined) ??
        d.cascade.rules,
      quietHoursChannels: doc.cascade?.quietHoursChannels ?? d.cascade.quietHoursChannels,
      fallback: doc.cascade?.fallback ?? d.cascade.fallback,
    },
    sendWindow: { ...d.sendWindow, ...doc.sendWindow },
    rollout,
    frequencyCap: { ...d.frequencyCap, ...doc.frequencyCap },
    budget: { ...d.budget, ...doc.budget },
    prices: {
      ...d.prices,
      ...(doc.prices?.usdToEur !== undefined ? { usdToEur: doc.prices.usdToEur } : {}),
      sms: { ...d.prices.sms, ...doc.prices?.sms },
      whatsapp: { ...d.prices.whatsapp, ...doc.prices?.whatsapp },
    },
    retry: { ...d.retry, ...doc.retry },
  };
  // The merged window is checked as a whole: a partial section (`{ startHour: 21 }` over the
  // default end 20:00) or every weekday closed would make every low/normal plan fail.
  const issues: string[] = [];
  const windowProblem = sendWindowProblem(core.sendWindow);
  if (windowProblem) {
    issues.push(`sendWindow: ${windowProblem}`);
    core.sendWindow = d.sendWindow;
  }
  return {
    settings: {
      core,
      twilio: doc.twilio ?? {},
      whatsappTemplates: doc.whatsappTemplates ?? {},
      whatsappSender: doc.whatsappSender ?? null,
      shop: { ...DEFAULT_SHOP, ...doc.shop },
      pickupReminderHours: doc.pickupReminders?.afterHours ?? DEFAULT_PICKUP_REMINDER_HOURS,
      quoteChasers: doc.quoteChasers ?? DEFAULT_QUOTE_CHASERS,
      shortLinkDomain: doc.shortLinkDomain ?? null,
      reviewUrl: doc.satisfaction?.reviewUrl ?? null,
      shopEmail: doc.shopEmail ?? null,
    },
    issues,
  };
}
