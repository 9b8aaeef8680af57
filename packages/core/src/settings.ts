import type { Audience } from './consent.ts';
import { DEFAULT_PRICE_SETTINGS, type PriceSettings } from './cost.ts';
import {
  type BudgetSettings,
  DEFAULT_BUDGET,
  DEFAULT_FREQUENCY_CAP,
  type FrequencyCapSettings,
} from './limits.ts';
import type { CountryCode } from './phones.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { DEFAULT_ROLLOUT, type RolloutSettings } from './rollout.ts';
import { DEFAULT_SEND_WINDOW, type SendWindowSettings } from './send-window.ts';
import type { Channel, NotificationKind } from './types.ts';

/**
 * A group of channels in a cascade rule. `all`: every usable channel of the group is used.
 * `first`: only the first usable one, in order (the others are `covered_by_other_channel`).
 * "Usable" means: channel switched on, a lawful basis, an address (email, valid phone not
 * marked invalid, push token), SMS-capable for SMS, and inside the rollout.
 */
export interface CascadeGroup {
  mode: 'all' | 'first';
  channels: readonly Channel[];
}

/**
 * One rule of the cascade: when it applies (each condition left out matches anything) and
 * which channel groups it uses. The first matching rule of the policy wins.
 */
export interface CascadeRule {
  /** A short name shown in the dashboard and recorded in the plan. */
  name: string;
  /** Registered customers or walk-ins. */
  audience?: Audience;
  /** Only for these notification kinds. */
  kinds?: readonly NotificationKind[];
  /** Only when email is usable (`true`) or not (`false`). */
  emailReachable?: boolean;
  /** The channel groups, applied in order. */
  groups: readonly CascadeGroup[];
}

/**
 * The channel cascade as data, so the shop can change it from the dashboard without a
 * deploy. Whatever the rules say, the planner never sends both WhatsApp and SMS for one
 * event, and never uses a channel without a lawful basis.
 */
export interface CascadePolicy {
  /** Rules tried in order; the first that matches decides. No match: nothing is sent. */
  rules: readonly CascadeRule[];
  /** Channels whose `low`/`normal` messages wait for the send window (quiet hours). */
  quietHoursChannels: readonly Channel[];
  /**
   * Where to go after a send-time or delivery failure on a channel, in order of preference
   * (see `fallbackChannel`). An invalid number is never retried on any channel.
   */
  fallback: Partial<Record<Channel, readonly Channel[]>>;
}

/**
 * The seed's Phase 2B.4 cascade, plus the walk-in welcome of Phase 1/2A:
 * - registered customer **with** usable email → email, plus WhatsApp if usable, plus push if
 *   usable;
 * - registered customer **without** usable email → WhatsApp if usable, else SMS, else push;
 * - walk-in (client without profile) → email if they left one, plus one messaging channel:
 *   WhatsApp if they opted in at the counter, else SMS (service basis for service messages).
 *
 * Quiet hours apply to SMS and WhatsApp; a failed WhatsApp falls back to SMS.
 */
export const DEFAULT_CASCADE_POLICY: CascadePolicy = {
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
};

/** Per-channel kill switches (`settings/notifications.channelsEnabled`). */
export type ChannelSwitches = Record<Channel, boolean>;

/** Every channel switched on. */
export const DEFAULT_CHANNELS_ENABLED: Readonly<ChannelSwitches> = {
  email: true,
  sms: true,
  whatsapp: true,
  push: true,
};

/**
 * Everything the notification pipeline can be tuned with, stored in
 * `settings/notifications` and edited from the dashboard.
 */
export interface NotificationSettings {
  /** Region assumed for phone numbers written without a country code (the shop's). */
  defaultCountry: CountryCode;
  /** Channel kill switches: a channel switched off is skipped as `channel_disabled`. */
  channelsEnabled: ChannelSwitches;
  /** The channel cascade. */
  cascade: CascadePolicy;
  /** Quiet hours: when `low`/`normal` SMS and WhatsApp may go out. */
  sendWindow: SendWindowSettings;
  /** Gradual rollout per channel. */
  rollout: RolloutSettings;
  /** Per-recipient cap on SMS + WhatsApp messages. */
  frequencyCap: FrequencyCapSettings;
  /** Monthly messaging budget. */
  budget: BudgetSettings;
  /** Prices for cost estimates. */
  prices: PriceSettings;
  /** Retries of transient send errors. */
  retry: RetryPolicy;
}

/** The settings used when the shop has not changed anything. */
export const DEFAULT_SETTINGS: NotificationSettings = {
  defaultCountry: 'FR',
  channelsEnabled: { ...DEFAULT_CHANNELS_ENABLED },
  cascade: DEFAULT_CASCADE_POLICY,
  sendWindow: DEFAULT_SEND_WINDOW,
  rollout: DEFAULT_ROLLOUT,
  frequencyCap: DEFAULT_FREQUENCY_CAP,
  budget: DEFAULT_BUDGET,
  prices: DEFAULT_PRICE_SETTINGS,
  retry: DEFAULT_RETRY_POLICY,
};

/**
 * Where the shop is, for the WhatsApp location pin, the maps buttons and links (issue 16 item
 * 4): coordinates in decimal degrees, the pin's label, and the maps page customers open
 * (`null`: derived from the coordinates, see {@link shopMapsUrl}).
 */
export interface ShopLocation {
  /** −90 … 90. */
  latitude: number;
  /** −180 … 180. */
  longitude: number;
  /** Shown beside the pin ("O'MEGA Services"). */
  label: string;
  /** An https maps page (a Google Maps share link…), or `null` for the derived one. */
  mapsUrl: string | null;
}

/** The valid latitude and longitude ranges (Twilio's `twilio/location`, WGS 84 degrees). */
export const LATITUDE_RANGE = { min: -90, max: 90 } as const;
export const LONGITUDE_RANGE = { min: -180, max: 180 } as const;

/**
 * The coordinates as one `lat,lon` text with at most 6 decimals (≈ 10 cm), the form maps URLs
 * and the WhatsApp template's button take.
 *
 * @example shopCoordinates({ latitude: 48.8674, longitude: 2.3636 }) // '48.8674,2.3636'
 */
export function shopCoordinates(location: Pick<ShopLocation, 'latitude' | 'longitude'>): string {
  const round = (n: number) => String(Math.round(n * 1e6) / 1e6);
  return `${round(location.latitude)},${round(location.longitude)}`;
}

/** The start of the derived maps URL: Google Maps' documented cross-platform search URL. */
export const DERIVED_MAPS_URL_PREFIX = 'https://www.google.com/maps/search/?api=1&query=';

/**
 * The maps page customers open: the shop's own `mapsUrl` when set, else Google Maps' search
 * URL at the coordinates (opens the Maps app on a phone).
 *
 * @example shopMapsUrl({ latitude: 48.8674, longitude: 2.3636, label: '', mapsUrl: null })
 * // 'https://www.google.com/maps/search/?api=1&query=48.8674,2.3636'
 */
export function shopMapsUrl(location: ShopLocation): string {
  return location.mapsUrl ?? `${DERIVED_MAPS_URL_PREFIX}${shopCoordinates(location)}`;
}
