import {
  type Channel,
  isLowScore,
  type LastSurvey,
  type SatisfactionScore,
  satisfactionScoreCounter,
} from '@omega/core';
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { isAlreadyExists } from './claims.ts';
import { COLLECTIONS } from './collections.ts';
import { addStats, type Counters } from './stats.ts';
import { ts } from './timestamps.ts';

/** The `changeId` of a ticket's survey: one survey per ticket (deterministic notification ids). */
export function surveyChangeId(ticketId: string): string {
  return `satisfaction~${ticketId}`;
}

/** The customer's last survey (`satisfaction_contacts/{key}`), with the document's update time. */
export async function readLastSurvey(
  db: Firestore,
  customerKey: string,
): Promise<{ last: LastSurvey | null; updateTime: FirebaseFirestore.Timestamp | null }> {
  const snap = await db.collection(COLLECTIONS.satisfactionContacts).doc(customerKey).get();
  if (!snap.exists) return { last: null, updateTime: null };
  const at = snap.get('lastSurveyAt')?.toDate?.() as Date | undefined;
  const ticketId = snap.get('ticketId') as string | undefined;
  return {
    last: at && ticketId ? { at, ticketId } : null,
    updateTime: snap.updateTime ?? null,
  };
}

/** Where an answer came from: a Twilio message (button or digits) or the landing page's form. */
export type AnswerSource =
  | { via: 'whatsapp_button' | 'message'; channel: Channel; messageSid: string; e164: string }
  | { via: 'web'; nonce: string; linkId: string };

/** The answer to record. */
export interface SatisfactionAnswerInput {
  ticketId: string;
  score: SatisfactionScore;
  source: AnswerSource;
  customerId: string | null;
  clientId: string | null;
  /**
   * The number staff would answer on: its conversation is flagged for a low score (never stored
   * on the answer or the alert, so erasing the conversation erases the number).
   */
  e164: string | null;
  at: Date;
}

/** What recording did: a new answer, the same one again (same SID or nonce), or an earlier answer kept. */
export type AnswerOutcome =
  | { outcome: 'recorded'; low: boolean }
  | { outcome: 'same'; score: SatisfactionScore; low: boolean }
  | { outcome: 'already_answered'; score: SatisfactionScore };

function proofOf(source: AnswerSource): string {
  return source.via === 'web' ? `nonce:${source.nonce}` : `sid:${source.messageSid}`;
}

/**
 * Records a ticket's satisfaction answer: `satisfaction_answers/{ticketId}` is `create()`d in one
 * batch with the day's counters (`satisfaction_responses`, `satisfaction_score_<n>`) and, for a
 * score ≤ 2, the staff alert (`alerts/satisfaction_{ticketId}`) and the conversation marked
 * `needsStaff` (the inbox). The first answer wins: the same message SID or form nonce again
 * answers `same` (its thanks may be planned again, idempotently); another answer later is
 * `already_answered` and changes nothing.
 */
export async function recordSatisfactionAnswer(
  db: Firestore,
  input: SatisfactionAnswerInput,
): Promise<AnswerOutcome> {
  const ref = db.collection(COLLECTIONS.satisfactionAnswers).doc(input.ticketId);
  const low = isLowScore(input.score);
  const at = ts(input.at);
  const batch = db.batch();
  batch.create(ref, {
    ticketId: input.ticketId,
    score: input.score,
    via: input.source.via,
    channel: input.source.via === 'web' ? 'web' : input.source.channel,
    messageSid: input.source.via === 'web' ? null : input.source.messageSid,
    nonce: input.source.via === 'web' ? input.source.nonce : null,
    proof: proofOf(input.source),
    customerId: input.customerId,
    clientId: input.clientId,
    low,
    answeredAt: at,
  });
  const counters: Counters = {
    satisfaction_responses: 1,
    [satisfactionScoreCounter(input.score)]: 1,
  };
  addStats(batch, db, input.at, counters);
  if (low) {
    batch.set(db.collection(COLLECTIONS.alerts).doc(`satisfaction_${input.ticketId}`), {
      kind: 'satisfaction_low',
      ticketId: input.ticketId,
      score: input.score,
      customerId: input.customerId,
      clientId: input.clientId,
      message: `Note de satisfaction ${input.score}/5 : à rappeler.`,
      at,
      acknowledgedAt: null,
    });
    if (input.e164) {
      const channel = input.source.via === 'web' ? null : input.source.channel;
      batch.set(
        db.collection(COLLECTIONS.conversations).doc(input.e164),
        {
          e164: input.e164,
          ...(channel ? { channel } : {}),
          customerId: input.customerId,
          clientId: input.clientId,
          ticketId: input.ticketId,
          needsStaff: true,
          escalatedAt: at,
          satisfactionScore: input.score,
          lastMessagePreview: `Note de satisfaction : ${input.score}/5`,
          ...(input.source.via === 'web' ? { unread: FieldValue.increment(1) } : {}),
        },
        { merge: true },
      );
    }
  }
  try {
    await batch.commit();
    return { outcome: 'recorded', low };
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = await ref.get();
    const score = existing.get('score') as SatisfactionScore;
    if (existing.get('proof') === proofOf(input.source)) {
      return { outcome: 'same', score, low: isLowScore(score) };
    }
    return { outcome: 'already_answered', score };
  }
}

/** The recorded answer of a ticket, if any. */
export async function readSatisfactionAnswer(
  db: Firestore,
  ticketId: string,
): Promise<{ score: SatisfactionScore; proof: string } | null> {
  const snap = await db.collection(COLLECTIONS.satisfactionAnswers).doc(ticketId).get();
  if (!snap.exists) return null;
  return { score: snap.get('score') as SatisfactionScore, proof: snap.get('proof') as string };
}
