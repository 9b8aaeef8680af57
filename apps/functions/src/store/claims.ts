import type { DocumentReference, DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import type { OutboundFacts } from '../adapters/port.ts';
import { COLLECTIONS } from './collections.ts';
import { ts } from './timestamps.ts';

/** Outcome of {@link claimAttempt}. */
export type ClaimOutcome =
  | { claimed: true; id: string }
  | {
      claimed: false;
      id: string;
      leaseUntil: Date | null;
      expired: boolean;
      /** What the provider answered the holder, when it was kept on the claim (see {@link keepProviderAnswer}). */
      answer: ClaimAnswer | null;
      /** What the holder handed the provider, when it got that far (see {@link keepOutboundFacts}). */
      outbound: OutboundFacts | null;
      claimedAt: Date | null;
    };

/** One attempt's claim as stored. */
export interface ClaimRecord {
  claimedAt: Date | null;
  leaseUntil: Date | null;
  answer: ClaimAnswer | null;
  outbound: OutboundFacts | null;
}

/** Reads a claim document (pure). */
export function claimRecordOf(snap: DocumentSnapshot): ClaimRecord {
  const providerId = snap.get('providerId');
  const outbound = snap.get('outbound') as OutboundFacts | undefined;
  return {
    claimedAt: snap.get('claimedAt')?.toDate?.() ?? null,
    leaseUntil: snap.get('leaseUntil')?.toDate?.() ?? null,
    answer:
      typeof providerId === 'string'
        ? {
            providerId,
            status: String(snap.get('providerStatus') ?? 'queued'),
            segments: (snap.get('segments') as number | null | undefined) ?? null,
          }
        : null,
    outbound: outbound && typeof outbound.to === 'string' ? outbound : null,
  };
}

/** Reads the claim of one attempt, or null when there is none. */
export async function readClaim(
  db: Firestore,
  notificationId: string,
  attempt: number,
): Promise<ClaimRecord | null> {
  const snap = await claimRef(db, notificationId, attempt).get();
  return snap.exists ? claimRecordOf(snap) : null;
}

/** The provider's acceptance as kept on a claim, before the history records it. */
export interface ClaimAnswer {
  providerId: string;
  status: string;
  segments: number | null;
}

/** Firestore's "already exists" gRPC status. */
const ALREADY_EXISTS = 6;

/** Whether `error` is Firestore's "document already exists" (a lost `create()` race). */
export function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === ALREADY_EXISTS;
}

/** The claim document id of one attempt of one notification. */
export function claimId(notificationId: string, attempt: number): string {
  return `${notificationId}~${attempt}`;
}

/** The claim document of one attempt of one notification. */
export function claimRef(
  db: Firestore,
  notificationId: string,
  attempt: number,
): DocumentReference {
  return db.collection(COLLECTIONS.claims).doc(claimId(notificationId, attempt));
}

/**
 * Claims attempt `attempt` of a notification by `create()` of a deterministic document: of any
 * number of concurrent dispatches, exactly one gets `claimed: true` — on real Firestore and on
 * the embedded server, which does not isolate transactions but does fail `create()` of an
 * existing document. The claim is a lease: `leaseUntil` says until when its holder is presumed
 * alive.
 */
export async function claimAttempt(
  db: Firestore,
  input: { notificationId: string; attempt: number; now: Date; leaseMs: number; owner: string },
): Promise<ClaimOutcome> {
  const id = claimId(input.notificationId, input.attempt);
  const ref = db.collection(COLLECTIONS.claims).doc(id);
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  try {
    await ref.create({
      notificationId: input.notificationId,
      attempt: input.attempt,
      claimedAt: ts(input.now),
      leaseUntil: ts(leaseUntil),
      owner: input.owner,
    });
    return { claimed: true, id };
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = claimRecordOf(await ref.get());
    const until = existing.leaseUntil;
    return {
      claimed: false,
      id,
      leaseUntil: until,
      expired: until !== null && until.getTime() <= input.now.getTime(),
      answer: existing.answer,
      outbound: existing.outbound,
      claimedAt: existing.claimedAt,
    };
  }
}

/**
 * Deletes the claim of an attempt that its holder did not use: it called no provider and
 * recorded nothing (a claim taken ahead of the history read that the history did not confirm).
 */
export async function releaseClaim(
  db: Firestore,
  notificationId: string,
  attempt: number,
): Promise<void> {
  await db.collection(COLLECTIONS.claims).doc(claimId(notificationId, attempt)).delete();
}

/**
 * Keeps the provider's acceptance on the claim, before the history records it: if the record
 * fails (an instance killed, a failed commit), the next dispatch of the same attempt finds the
 * provider id here and records it instead of sending again.
 */
export async function keepProviderAnswer(
  db: Firestore,
  notificationId: string,
  attempt: number,
  answer: ClaimAnswer,
): Promise<void> {
  await claimRef(db, notificationId, attempt).update({
    providerId: answer.providerId,
    providerStatus: answer.status,
    segments: answer.segments,
  });
}

/**
 * Keeps on the claim what is about to be handed to the provider, just before the call: if the
 * answer is lost (a timeout, a reset, an instance killed mid-call), the next dispatch finds the
 * message at the provider from these facts instead of sending blind.
 */
export async function keepOutboundFacts(
  db: Firestore,
  notificationId: string,
  attempt: number,
  facts: OutboundFacts,
): Promise<void> {
  await claimRef(db, notificationId, attempt).update({ outbound: facts });
}

/**
 * Claims an attempt while `read` runs (one round trip for both). When the read fails after
 * the claim was won, the claim is released before the error propagates: nothing was sent, and
 * the queue's retry must be able to claim the same attempt again instead of finding it taken.
 */
export async function claimAlongside<T>(
  db: Firestore,
  input: Parameters<typeof claimAttempt>[1],
  read: Promise<T>,
): Promise<[ClaimOutcome, T]> {
  const [claim, value] = await Promise.allSettled([claimAttempt(db, input), read]);
  if (claim.status === 'rejected') throw claim.reason;
  if (value.status === 'rejected') {
    if (claim.value.claimed) await releaseClaim(db, input.notificationId, input.attempt);
    throw value.reason;
  }
  return [claim.value, value.value];
}
