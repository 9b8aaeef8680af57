import type { Channel } from '@omega/core';
import {
  type DocumentReference,
  FieldValue,
  type Firestore,
  type WriteBatch,
} from 'firebase-admin/firestore';
import { COLLECTIONS } from './collections.ts';
import { parisDayAndMonth } from './timestamps.ts';

/** Counter increments, by flat top-level field name (`sms_sent`, `cost_eur_total`, …). */
export type Counters = Record<string, number>;

const SENT_BUCKETS: ReadonlyArray<[number, string]> = [
  [1_000, 'lt1s'],
  [5_000, 'lt5s'],
  [30_000, 'lt30s'],
  [300_000, 'lt300s'],
];
const DELIVERED_BUCKETS: ReadonlyArray<[number, string]> = [
  [5_000, 'lt5s'],
  [10_000, 'lt10s'],
  [60_000, 'lt60s'],
  [600_000, 'lt600s'],
];

const RESPONSE_BUCKETS: ReadonlyArray<[number, string]> = [
  [300_000, 'lt5m'],
  [3_600_000, 'lt1h'],
  [86_400_000, 'lt24h'],
  [7 * 86_400_000, 'lt7d'],
];

function bucket(ms: number, buckets: ReadonlyArray<[number, string]>, last: string): string {
  for (const [limit, name] of buckets) if (ms < limit) return name;
  return last;
}

/** The latency counter of trigger → provider accepted. */
export function sentLatencyCounter(channel: Channel, ms: number): string {
  return `${channel}_sent_${bucket(ms, SENT_BUCKETS, 'ge300s')}`;
}

/** The latency counter of trigger → delivered. */
export function deliveredLatencyCounter(channel: Channel, ms: number): string {
  return `${channel}_delivered_${bucket(ms, DELIVERED_BUCKETS, 'ge600s')}`;
}

/**
 * The latency counter of our last message to a number → the customer's reply
 * (`<ch>_response_lt5m`, `_lt1h`, `_lt24h`, `_lt7d`, `_ge7d`).
 */
export function responseLatencyCounter(channel: Channel, ms: number): string {
  return `${channel}_response_${bucket(ms, RESPONSE_BUCKETS, 'ge7d')}`;
}

/** A counter name made safe as a top-level field (error codes, skip reasons). */
export function counterName(...parts: Array<string | number>): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_]/g, '_')).join('_');
}

/**
 * Adds `counters` to the day's and the month's statistics documents with `FieldValue.increment`
 * on top-level fields (two writes, no read, no transaction): concurrent events never lose a count.
 */
export async function incrementStats(db: Firestore, at: Date, counters: Counters): Promise<void> {
  const batch = db.batch();
  if (addStats(batch, db, at, counters)) await batch.commit();
}

/** Adds the statistics increments to `batch` (so they commit with the event they count). */
export function addStats(batch: WriteBatch, db: Firestore, at: Date, counters: Counters): boolean {
  const entries = Object.entries(counters).filter(([, v]) => v !== 0 && Number.isFinite(v));
  if (entries.length === 0) return false;
  const { day, month } = parisDayAndMonth(at);
  const inc = Object.fromEntries(entries.map(([k, v]) => [k, FieldValue.increment(v)]));
  batch.set(
    db.collection(COLLECTIONS.statsDaily).doc(day),
    { day, month, ...inc },
    { merge: true },
  );
  batch.set(db.collection(COLLECTIONS.statsMonthly).doc(month), { month, ...inc }, { merge: true });
  return true;
}

/** Adds `n` to a counter of `counters`. */
export function bump(counters: Counters, name: string, n = 1): void {
  counters[name] = (counters[name] ?? 0) + n;
}

/**
 * Engagement (the scoreboard's conversation length). A conversation opens with a customer's
 * message when that number had not written for {@link CONVERSATION_GAP_MS} (or never):
 * `conversations_started`. Its messages are the customer's (`<ch>_inbound`) and the answers
 * stored in the thread: `conversation_replies_auto` (automatic answers) and
 * `conversation_replies_staff` (staff replies). Engagement = messages ÷ conversations opened.
 */
export const CONVERSATION_GAP_MS = 24 * 3_600_000;

/** Whether an inbound message at `at` opens a conversation (`previous`: the number's last one). */
export function opensConversation(previous: Date | null, at: Date): boolean {
  return previous === null || at.getTime() - previous.getTime() >= CONVERSATION_GAP_MS;
}

/**
 * Adds `conversations_started` to `counters` when an inbound message at `at` opens a
 * conversation: one read of the conversation's `lastInboundAt` (before the message's batch
 * moves it).
 */
export async function bumpConversationOpened(
  conversation: DocumentReference,
  at: Date,
  counters: Counters,
): Promise<void> {
  const last = (await conversation.get()).get('lastInboundAt') as { toDate?: () => Date } | null;
  const previous = typeof last?.toDate === 'function' ? last.toDate() : null;
  if (opensConversation(previous, at)) bump(counters, 'conversations_started');
}

/** The counter of an answer stored in a conversation thread (`actor`: `auto` or a staff uid). */
export function conversationReplyCounter(actor: unknown): string {
  return actor === 'auto' ? 'conversation_replies_auto' : 'conversation_replies_staff';
}
