import type { Firestore, Timestamp } from 'firebase-admin/firestore';

/** A `notification_history` document as the tests read it. */
export interface HistoryDoc {
  id: string;
  ticketId: string;
  channel: string;
  kind: string;
  priority: string;
  status: string;
  to: string | null;
  basis: string | null;
  attempts: number;
  skipReason: string | null;
  reasonText: string | null;
  planSkips: Record<string, string>;
  errorCode: number | string | null;
  errorMessage?: string | null;
  sweeps?: number;
  origin?: string;
  ticketStatus?: string | null;
  fallbackOf?: string | null;
  sentAt?: unknown;
  ambiguousAttempt?: number | null;
  errors: Array<{
    code: number | string;
    action: string;
    attempt: number;
    httpStatus: number | null;
  }>;
  timeline: Array<{ status: string; source: string; detail?: string }>;
  notBefore: Timestamp | null;
  holdExpiresAt: Timestamp | null;
  metadata: {
    twilioMessageId: string | null;
    providerMessageId: string | null;
    segments: number | null;
    cost: number | null;
    costActual: number | null;
    whatsappMode: string | null;
    contentSid: string | null;
  };
}

export async function historyOf(db: Firestore, ticketId: string): Promise<HistoryDoc[]> {
  const snap = await db.collection('notification_history').where('ticketId', '==', ticketId).get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }) as HistoryDoc);
}

export function byChannel(docs: HistoryDoc[]): Record<string, HistoryDoc> {
  return Object.fromEntries(docs.map((d) => [d.channel, d]));
}
