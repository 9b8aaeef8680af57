import {
  type ConsentRecord,
  consentRecordChannels,
  isSatisfactionScore,
  satisfactionScoreCounter,
} from '@omega/core';
import {
  bump,
  type Counters,
  conversationReplyCounter,
  counterName,
  deliveredLatencyCounter,
  opensConversation,
  responseLatencyCounter,
  sentLatencyCounter,
} from '../store/stats.ts';

/**
 * Recomputing the statistics from the documents (pure: plain data in, dated counters out).
 * Each function gives the counters the live writers add for one document, with the time each
 * was added, so `stats_daily` / `stats_monthly` can be rebuilt by summing them per Paris day
 * and month (`rebuild.ts`). What each counter is rebuilt from:
 * - a history document's `timeline` (every status change, with its time and source): skips and
 *   their reason, deferrals, holds, synchronous failures and retries (`provider` entries),
 *   callback and reconciliation outcomes (`delivered`, `read`, `failed`, `undelivered`, the
 *   error code, trigger → delivered latency), the sweeper's `stuck` closes;
 * - its `sentAt` and `metadata` (sent, trigger → accepted latency, segments, estimated €);
 * - an asynchronous resend (`origin: async_retry`): the failed message's `_retried`;
 * - a document that predates callbacks (a final `status` and no callback entry in its
 *   timeline, e.g. an older system's history): its final status at `deliveredAt`/`updatedAt`;
 * - a `consent_log` record: `consent_<channel>_granted|withdrawn` at its `at`;
 * - an inbound conversation message: `<ch>_inbound`, its intent, and the reply latency since our
 *   last message to the number before it; `conversations_started` when the number's previous
 *   inbound message is 24 h older or absent; an answer in the thread: `conversation_replies_*`.
 * - a short link: its `clicks` as `link_views`.
 * Not rebuilt exactly: `<ch>_cost_actual_eur` (Twilio's price is reconciled later and its time
 * is not kept): counted on the send's day; `link_views`: a link keeps its total and its last
 * opening only, so its views are counted on the day it was last opened.
 */

/** Counters added at one moment. */
export interface DatedCounters {
  at: Date;
  counters: Counters;
}

/** A Firestore Timestamp, a Date or an ISO string as a Date (null when absent or unreadable). */
export function asDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const maybe = value as { toDate?: () => Date } | null | undefined;
  return typeof maybe?.toDate === 'function' ? maybe.toDate() : null;
}

const FINAL = new Set(['delivered', 'read', 'failed', 'undelivered']);

interface TimelineEntry {
  status: string;
  at: Date;
  source: string;
  detail: string | null;
}

function timelineOf(data: Record<string, unknown>): TimelineEntry[] {
  const raw = Array.isArray(data.timeline) ? data.timeline : [];
  const out: TimelineEntry[] = [];
  for (const e of raw as Array<Record<string, unknown>>) {
    const at = asDate(e?.at);
    if (!at || typeof e.status !== 'string') continue;
    out.push({
      status: e.status,
      at,
      source: String(e.source ?? ''),
      detail: typeof e.detail === 'string' ? e.detail : null,
    });
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The counters one `notification_history` document accounts for, each at the time the live
 * writer added it.
 */
export function historyCounters(data: Record<string, unknown>): DatedCounters[] {
  const channel = (data.channel ?? data.type) as string | undefined;
  if (typeof channel !== 'string') return [];
  const ch = channel as Parameters<typeof sentLatencyCounter>[0];
  const createdAt = asDate(data.createdAt);
  const out: DatedCounters[] = [];
  const add = (at: Date | null, fill: (c: Counters) => void) => {
    if (!at) return;
    const counters: Counters = {};
    fill(counters);
    if (Object.keys(counters).length > 0) out.push({ at, counters });
  };
  const metadata = (data.metadata ?? {}) as Record<string, unknown>;
  const skipReason = typeof data.skipReason === 'string' ? data.skipReason : null;
  const timeline = timelineOf(data);
  // A survey planned to go out (its first entry is not a skip) was counted once when planned:
  // the planner keeps one channel per survey (pipeline/plan/satisfaction.ts).
  const first = timeline[0];
  if (
    data.kind === 'satisfaction_survey' &&
    first &&
    (first.status === 'planned' || first.status === 'deferred')
  ) {
    add(createdAt ?? first.at, (c) => bump(c, 'satisfaction_planned'));
  }
  let outcomeSeen = false;
  for (const e of timeline) {
    add(e.at, (c) => {
      if (e.status === 'skipped') {
        bump(c, `${ch}_skipped`);
        const reason = skipReason ?? e.detail?.split(':')[0] ?? 'unknown';
        if (reason === 'hold_expired') bump(c, `${ch}_hold_expired`);
        else bump(c, counterName(ch, 'skip', reason));
      } else if (e.status === 'deferred' && e.source === 'pipeline') bump(c, `${ch}_deferred`);
      else if (e.status === 'held' && e.source === 'pipeline') bump(c, `${ch}_held`);
      else if (e.source === 'provider' && (e.status === 'error' || e.status === 'failed')) {
        bump(c, e.status === 'error' ? `${ch}_retried` : `${ch}_failed`);
        if (e.detail) bump(c, counterName(ch, 'error', e.detail));
      } else if (e.source === 'pipeline' && e.status === 'failed' && e.detail === 'stuck') {
        bump(c, `${ch}_failed`);
        bump(c, `${ch}_error_stuck`);
      } else if (e.source === 'callback' || e.source === 'reconcile') {
        if (FINAL.has(e.status)) {
          outcomeSeen = true;
          bump(c, `${ch}_${e.status}`);
          if (e.source === 'reconcile' && e.status !== 'delivered' && e.status !== 'read') {
            const code = data.errorCode;
            if (code !== null && code !== undefined && code !== '')
              bump(c, counterName(ch, 'error', code as string));
          }
        }
        // A callback counts its error code whatever its status; reconciliation only on failures.
        if (e.source === 'callback' && e.detail && /^\d+$/.test(e.detail))
          bump(c, counterName(ch, 'error', e.detail));
        if (
          createdAt &&
          (e.status === 'delivered' || (e.source === 'reconcile' && e.status === 'read'))
        )
          bump(c, deliveredLatencyCounter(ch, e.at.getTime() - createdAt.getTime()));
      }
    });
  }

  const sentAt = asDate(data.sentAt);
  if (sentAt) {
    add(sentAt, (c) => {
      bump(c, `${ch}_sent`);
      const waited = asDate(metadata.sendWaitedUntil);
      const started = Math.max(createdAt?.getTime() ?? sentAt.getTime(), waited?.getTime() ?? 0);
      bump(c, sentLatencyCounter(ch, sentAt.getTime() - started));
      const segments = num(metadata.segments);
      if (segments) bump(c, `${ch}_segments`, segments);
      const cost = num(metadata.cost);
      if (cost && cost > 0) {
        bump(c, `${ch}_cost_eur`, cost);
        bump(c, 'cost_eur_total', cost);
      }
      const actual = num(metadata.costActual);
      if (actual && actual > 0) bump(c, `${ch}_cost_actual_eur`, actual);
    });
  }

  if (data.origin === 'async_retry' && typeof data.retryOf === 'string')
    add(createdAt, (c) => bump(c, `${ch}_retried`));

  // History written before callbacks were recorded: its final status is the only outcome.
  const status = typeof data.status === 'string' ? data.status : null;
  if (!outcomeSeen && status && FINAL.has(status) && sentAt) {
    const providerFailure = timeline.some((e) => e.source === 'provider' && e.status === 'failed');
    if (!providerFailure) {
      const deliveredAt = asDate(data.deliveredAt);
      const at = deliveredAt ?? asDate(data.updatedAt) ?? sentAt;
      add(at, (c) => {
        if (status === 'delivered' || status === 'read') {
          bump(c, `${ch}_delivered`);
          if (status === 'read') bump(c, `${ch}_read`);
          if (createdAt) bump(c, deliveredLatencyCounter(ch, at.getTime() - createdAt.getTime()));
        } else {
          bump(c, `${ch}_${status}`);
          const code = data.errorCode;
          if (code !== null && code !== undefined && code !== '')
            bump(c, counterName(ch, 'error', code as string));
        }
      });
    }
  }
  return out;
}

/** The counters one `consent_log` record accounts for. */
export function consentCounters(data: Record<string, unknown>): DatedCounters[] {
  const at = asDate(data.at);
  if (!at || typeof data.channel !== 'string' || typeof data.granted !== 'boolean') return [];
  const counters: Counters = {};
  for (const channel of consentRecordChannels(data as unknown as ConsentRecord))
    bump(counters, `consent_${channel}_${data.granted ? 'granted' : 'withdrawn'}`);
  return [{ at, counters }];
}

/**
 * The counters one inbound conversation message accounts for; `lastSentAt`: our last message
 * to the number sent before it (not an automatic answer), or null.
 */
export function inboundCounters(
  data: Record<string, unknown>,
  lastSentAt: Date | null,
): DatedCounters[] {
  if (data.direction !== 'inbound') return [];
  const at = asDate(data.at);
  const channel = data.channel;
  if (!at || (channel !== 'sms' && channel !== 'whatsapp')) return [];
  const counters: Counters = {};
  bump(counters, `${channel}_inbound`);
  if (typeof data.intent === 'string') bump(counters, `${channel}_inbound_${data.intent}`);
  if (lastSentAt && lastSentAt.getTime() <= at.getTime())
    bump(counters, responseLatencyCounter(channel, at.getTime() - lastSentAt.getTime()));
  return [{ at, counters }];
}

/**
 * The counters of one conversation's messages (inbound and outbound, any order): each inbound
 * message's ({@link inboundCounters}, `sentAts`: our messages to the number), the conversations
 * it opened (its previous inbound message, by time, 24 h older or none: as ingestion read it from
 * the conversation's `lastInboundAt`), and each answer stored in the thread by its actor.
 */
export function conversationCounters(
  messages: ReadonlyArray<Record<string, unknown>>,
  sentAts: readonly Date[],
): DatedCounters[] {
  const dated = messages
    .map((data) => ({ data, at: asDate(data.at) }))
    .filter((m): m is { data: Record<string, unknown>; at: Date } => m.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: DatedCounters[] = [];
  let previousInbound: Date | null = null;
  for (const { data, at } of dated) {
    if (data.direction === 'outbound') {
      out.push({ at, counters: { [conversationReplyCounter(data.actor)]: 1 } });
      continue;
    }
    const [inbound] = inboundCounters(data, lastSentBefore(sentAts, at));
    if (!inbound) continue;
    if (opensConversation(previousInbound, at)) bump(inbound.counters, 'conversations_started');
    previousInbound = at;
    out.push(inbound);
  }
  return out;
}

/** The latest of `sentAt` values at or before `at` (a number's last message before a reply). */
export function lastSentBefore(sentAts: readonly Date[], at: Date): Date | null {
  let best: Date | null = null;
  for (const s of sentAts)
    if (s.getTime() <= at.getTime() && (!best || s.getTime() > best.getTime())) best = s;
  return best;
}

/** The landing-page views one `short_links` document accounts for (on its last opening's day). */
export function linkCounters(data: Record<string, unknown>): DatedCounters[] {
  const at = asDate(data.lastOpenedAt);
  const clicks = num(data.clicks);
  if (!at || !clicks) return [];
  return [{ at, counters: { link_views: clicks } }];
}

/** The counters one `satisfaction_answers` document accounts for (on the day it was answered). */
export function satisfactionCounters(data: Record<string, unknown>): DatedCounters[] {
  const at = asDate(data.answeredAt);
  if (!at || !isSatisfactionScore(data.score)) return [];
  return [
    { at, counters: { satisfaction_responses: 1, [satisfactionScoreCounter(data.score)]: 1 } },
  ];
}
