import type { Channel } from '@omega/core';
import {
  type DocumentSnapshot,
  type Firestore,
  type Query,
  Timestamp,
} from 'firebase-admin/firestore';
import { iso, num, str } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { HistoryItem, TimelineEntry } from '../types.ts';

/** A `notification_history` document as the dashboard shows it. */
export function historyItem(doc: DocumentSnapshot): HistoryItem {
  const d = doc.data() ?? {};
  const meta = (d.metadata ?? {}) as Record<string, unknown>;
  const timeline: TimelineEntry[] = Array.isArray(d.timeline)
    ? (d.timeline as Array<Record<string, unknown>>)
        .map((t) => ({
          status: str(t.status) ?? '?',
          at: iso(t.at),
          source: str(t.source) ?? 'pipeline',
          detail: str(t.detail),
        }))
        .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''))
    : [];
  const planSkips: Record<string, string> = {};
  for (const [k, v] of Object.entries((d.planSkips ?? {}) as Record<string, unknown>))
    if (typeof v === 'string') planSkips[k] = v;
  const errorCode = d.errorCode;
  return {
    id: doc.id,
    ticketId: str(d.ticketId),
    customerId: str(d.customerId),
    clientId: str(d.clientId),
    channel: (str(d.channel) ?? str(d.type) ?? 'sms') as Channel,
    kind: str(d.kind) ?? 'unknown',
    priority: str(d.priority),
    status: str(d.status) ?? 'unknown',
    to: str(d.to),
    skipReason: str(d.skipReason),
    reasonText: str(d.reasonText),
    createdAt: iso(d.createdAt),
    sentAt: iso(d.sentAt),
    deliveredAt: iso(d.deliveredAt),
    notBefore: iso(d.notBefore),
    errorCode: typeof errorCode === 'number' || typeof errorCode === 'string' ? errorCode : null,
    errorMessage: str(d.errorMessage),
    attempts: num(d.attempts) ?? 0,
    costEur: num(meta.costActual) ?? num(meta.cost),
    segments: num(meta.segments),
    planSkips,
    timeline,
    origin: str(d.origin),
  };
}

/** Filters of the history list. */
export interface HistoryFilters {
  channel?: Channel | undefined;
  status?: string | undefined;
  ticketId?: string | undefined;
  customerId?: string | undefined;
  clientId?: string | undefined;
  /** Created at or after. */
  from?: Date | undefined;
  /** Created strictly before. */
  to?: Date | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** An opaque page cursor: the last item's creation time and id. */
export function encodeCursor(createdAtMs: number, id: string): string {
  return Buffer.from(JSON.stringify([createdAtMs, id])).toString('base64url');
}

/** Reads a cursor; `null` when it is not one of ours. */
export function decodeCursor(cursor: string): { ms: number; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return { ms: value[0], id: value[1] };
  } catch {
    // not base64 JSON: fall through
  }
  return null;
}

/** How many documents with the cursor's own timestamp a page may have to step over. */
const TIE_ALLOWANCE = 25;

/**
 * One page of the history, newest first, with equality filters and a creation-date range.
 * The cursor is a range condition (`createdAt ≤ last`) rather than `startAfter`, so the same
 * query works on Firestore and on the embedded test server; items sharing the cursor's
 * timestamp are told apart by id. Reads ≤ `limit + 1 + ties` documents.
 */
export async function listHistory(
  db: Firestore,
  filters: HistoryFilters,
): Promise<{ items: HistoryItem[]; nextCursor: string | null }> {
  let query: Query = db.collection(COLLECTIONS.history);
  if (filters.channel) query = query.where('channel', '==', filters.channel);
  if (filters.status) query = query.where('status', '==', filters.status);
  if (filters.ticketId) query = query.where('ticketId', '==', filters.ticketId);
  if (filters.customerId) query = query.where('customerId', '==', filters.customerId);
  if (filters.clientId) query = query.where('clientId', '==', filters.clientId);
  if (filters.from) query = query.where('createdAt', '>=', Timestamp.fromDate(filters.from));
  const cursor = filters.cursor ? decodeCursor(filters.cursor) : null;
  let upper = filters.to ? filters.to.getTime() : null;
  let inclusive = false;
  if (cursor && (upper === null || cursor.ms < upper)) {
    upper = cursor.ms;
    inclusive = true;
  }
  if (upper !== null)
    query = query.where('createdAt', inclusive ? '<=' : '<', Timestamp.fromMillis(upper));
  const extra = cursor ? TIE_ALLOWANCE : 0;
  const snap = await query
    .orderBy('createdAt', 'desc')
    .limit(filters.limit + 1 + extra)
    .get();
  let docs = snap.docs
    .map((doc) => ({ doc, ms: (doc.get('createdAt') as Timestamp | undefined)?.toMillis() ?? 0 }))
    .sort((a, b) => b.ms - a.ms || (a.doc.id < b.doc.id ? 1 : -1));
  if (cursor)
    docs = docs.filter((d) => d.ms < cursor.ms || (d.ms === cursor.ms && d.doc.id < cursor.id));
  const page = docs.slice(0, filters.limit);
  const last = page.at(-1);
  const nextCursor =
    docs.length > filters.limit && last ? encodeCursor(last.ms, last.doc.id) : null;
  return { items: page.map((d) => historyItem(d.doc)), nextCursor };
}
