/**
 * The WhatsApp sender's health, as Twilio's Senders API reports it
 * (`GET https://messaging.twilio.com/v2/Channels/Senders/{Sid}`: `status`,
 * `properties.quality_rating`, `offline_reasons`), and the error spikes read from the daily
 * counters. Pure: the schedule that reads Twilio and the counters passes them in.
 */

/** `channels_sender_enum_status` of Twilio's Messaging v2 description. */
export const WHATSAPP_SENDER_STATUSES = [
  'CREATING',
  'ONLINE',
  'OFFLINE',
  'PENDING_VERIFICATION',
  'VERIFYING',
  'ONLINE:UPDATING',
  'TWILIO_REVIEW',
  'DRAFT',
  'STUBBED',
] as const;

/** A sender status Twilio reports (any other string is kept as read, and is not ONLINE). */
export type WhatsAppSenderStatus = (typeof WHATSAPP_SENDER_STATUSES)[number];

/**
 * Meta's quality rating of the number. Twilio's example value is `HIGH`; Meta's own API says
 * GREEN/YELLOW/RED, read here as HIGH/MEDIUM/LOW. Anything else (absent, new values) is UNKNOWN.
 */
export type QualityRating = 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';

const QUALITY_ALIASES: Readonly<Record<string, QualityRating>> = {
  HIGH: 'HIGH',
  GREEN: 'HIGH',
  MEDIUM: 'MEDIUM',
  YELLOW: 'MEDIUM',
  LOW: 'LOW',
  RED: 'LOW',
};

const QUALITY_RANK: Readonly<Record<QualityRating, number | null>> = {
  HIGH: 3,
  MEDIUM: 2,
  LOW: 1,
  UNKNOWN: null,
};

/**
 * Twilio's `quality_rating` as a {@link QualityRating}.
 *
 * @example
 * qualityRatingOf('GREEN'); // 'HIGH'
 * qualityRatingOf(null); // 'UNKNOWN'
 */
export function qualityRatingOf(value: string | null | undefined): QualityRating {
  return (
    QUALITY_ALIASES[
      String(value ?? '')
        .trim()
        .toUpperCase()
    ] ?? 'UNKNOWN'
  );
}

/** What one reading of the sender says (the send gate's input). */
export interface SenderHealthReading {
  /** Twilio's `status`, e.g. `ONLINE`, `OFFLINE`. */
  status: string;
  qualityRating: QualityRating;
}

/** Why WhatsApp cannot be used now. */
export type SenderUnavailableCause = 'offline' | 'flagged' | 'not_ready';

/** Whether WhatsApp messages may go out on the sender. */
export type SenderAvailability =
  | { available: true }
  | { available: false; cause: SenderUnavailableCause };

/**
 * Whether the WhatsApp sender can carry messages: `ONLINE` (or `ONLINE:UPDATING`, a profile
 * change in progress) with a quality rating other than LOW. `OFFLINE` is `offline`; a LOW rating
 * is `flagged` (Meta flags a number whose quality is low, and lowers its messaging limit if it
 * stays so: sending more marketing-like traffic makes it worse); any other status (being
 * created, verified, reviewed) is `not_ready`. No reading yet (`null`: never checked) is
 * available: a missing health check never stops messages, their own errors still fall back.
 *
 * @example
 * senderAvailability({ status: 'OFFLINE', qualityRating: 'HIGH' }); // { available: false, cause: 'offline' }
 * senderAvailability({ status: 'ONLINE', qualityRating: 'LOW' }); // { available: false, cause: 'flagged' }
 */
export function senderAvailability(reading: SenderHealthReading | null): SenderAvailability {
  if (reading === null) return { available: true };
  if (reading.status === 'ONLINE' || reading.status === 'ONLINE:UPDATING') {
    return reading.qualityRating === 'LOW'
      ? { available: false, cause: 'flagged' }
      : { available: true };
  }
  return { available: false, cause: reading.status === 'OFFLINE' ? 'offline' : 'not_ready' };
}

/** A change between two readings that staff are told about. */
export type SenderHealthChange =
  | { kind: 'sender_status'; from: string | null; to: string }
  | { kind: 'sender_quality'; from: QualityRating; to: QualityRating };

/**
 * The alerts a new reading calls for against the previous one: a status change (either way:
 * going offline and coming back are both news; a first reading only when it is not usable), and
 * a drop of the quality rating (HIGH → MEDIUM → LOW; UNKNOWN on either side says nothing).
 *
 * @example
 * senderHealthChanges({ status: 'ONLINE', qualityRating: 'HIGH' }, { status: 'ONLINE', qualityRating: 'MEDIUM' });
 * // [{ kind: 'sender_quality', from: 'HIGH', to: 'MEDIUM' }]
 */
export function senderHealthChanges(
  previous: SenderHealthReading | null,
  current: SenderHealthReading,
): SenderHealthChange[] {
  const changes: SenderHealthChange[] = [];
  if (previous === null) {
    if (!senderAvailability(current).available)
      changes.push({ kind: 'sender_status', from: null, to: current.status });
    return changes;
  }
  if (previous.status !== current.status)
    changes.push({ kind: 'sender_status', from: previous.status, to: current.status });
  const before = QUALITY_RANK[previous.qualityRating];
  const after = QUALITY_RANK[current.qualityRating];
  if (before !== null && after !== null && after < before)
    changes.push({
      kind: 'sender_quality',
      from: previous.qualityRating,
      to: current.qualityRating,
    });
  return changes;
}

/**
 * The WhatsApp errors watched for spikes: 63016 (free text outside the 24 h window: templates
 * missing or unapproved), 63018 (the sender's rate limit), 63024 (recipients not on WhatsApp:
 * a wrong number list, or the cascade choosing WhatsApp blindly).
 */
export const WATCHED_WHATSAPP_ERRORS = [63016, 63018, 63024] as const;

/** One watched error code. */
export type WatchedWhatsAppError = (typeof WATCHED_WHATSAPP_ERRORS)[number];

/** A spike is more than `perHour` errors in the last hour, or more than `perDay` today. */
export interface ErrorSpikeThreshold {
  perHour: number;
  perDay: number;
}

/**
 * Default thresholds, for a shop sending tens of WhatsApp messages a day: a few 63016 or 63018
 * in an hour already mean something is misconfigured; 63024 is routine for walk-ins whose
 * number is not on WhatsApp, so it needs more.
 */
export const DEFAULT_ERROR_SPIKE_THRESHOLDS: Readonly<
  Record<WatchedWhatsAppError, ErrorSpikeThreshold>
> = {
  63016: { perHour: 5, perDay: 20 },
  63018: { perHour: 3, perDay: 10 },
  63024: { perHour: 10, perDay: 30 },
};

/** The watched counters (`whatsapp_error_<code>` of `stats_daily/{day}`) at one time. */
export interface ErrorCountSample {
  at: Date;
  /** The counters' day (`YYYY-MM-DD`, shop time): they start again from 0 each day. */
  day: string;
  counts: Partial<Record<WatchedWhatsAppError, number>>;
}

/** A threshold crossed. */
export interface ErrorSpike {
  code: WatchedWhatsAppError;
  window: 'hour' | 'day';
  count: number;
  threshold: number;
}

const HOUR_MS = 3_600_000;

/**
 * Errors spikes from the daily counters. The counters only say "so many today", so the count
 * of the last hour is today's count now minus the count in the newest sample taken at least an
 * hour ago (the schedule keeps one sample per run); when that sample is from the day before,
 * the rest of that day (its last sample minus it) is added. With no sample that old yet (the
 * first hour of monitoring), the oldest sample is the baseline (a shorter window: never an
 * invented count); with no sample at all there is no hourly count. Returns the spikes and the
 * samples to keep: the baseline, every later one and this one (a schedule every 15 minutes
 * keeps about six).
 *
 * @example
 * errorSpikes({ now, day: '2026-03-02', counts: { 63016: 30 }, samples: [] });
 * // spikes: [{ code: 63016, window: 'day', count: 30, threshold: 20 }]
 */
export function errorSpikes(input: {
  now: Date;
  day: string;
  counts: Partial<Record<WatchedWhatsAppError, number>>;
  samples: readonly ErrorCountSample[];
  thresholds?: Readonly<Record<WatchedWhatsAppError, ErrorSpikeThreshold>>;
}): { spikes: ErrorSpike[]; samples: ErrorCountSample[] } {
  const thresholds = input.thresholds ?? DEFAULT_ERROR_SPIKE_THRESHOLDS;
  const now = input.now.getTime();
  const past = [...input.samples]
    .filter((s) => s.at.getTime() < now)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const old = past.filter((s) => s.at.getTime() <= now - HOUR_MS);
  const baseline = old[old.length - 1] ?? past[0] ?? null;
  const lastOfBaselineDay = baseline
    ? ([...past].reverse().find((s) => s.day === baseline.day) ?? baseline)
    : null;
  const spikes: ErrorSpike[] = [];
  for (const code of WATCHED_WHATSAPP_ERRORS) {
    const today = input.counts[code] ?? 0;
    const threshold = thresholds[code];
    if (baseline && lastOfBaselineDay) {
      const before = baseline.counts[code] ?? 0;
      const hour =
        baseline.day === input.day
          ? today - before
          : today + Math.max(0, (lastOfBaselineDay.counts[code] ?? 0) - before);
      if (hour > threshold.perHour)
        spikes.push({ code, window: 'hour', count: hour, threshold: threshold.perHour });
    }
    if (today > threshold.perDay)
      spikes.push({ code, window: 'day', count: today, threshold: threshold.perDay });
  }
  const from = baseline && old.length > 0 ? past.indexOf(baseline) : 0;
  const samples = [
    ...past.slice(from),
    { at: input.now, day: input.day, counts: { ...input.counts } },
  ];
  return { spikes, samples };
}
