import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
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
    };

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
    const existing = await ref.get();
    const until = existing.get('leaseUntil')?.toDate?.() ?? null;
    const providerId = existing.get('providerId');
    return {
      claimed: false,
      id,
      leaseUntil: until,
      expired: until !== null && until.getTime() <= input.now.getTime(),
      answer:
        typeof providerId === 'string'
          ? {
              providerId,
              status: String(existing.get('providerStatus') ?? 'queued'),
              segments: (existing.get('segments') as number | null | undefined) ?? null,
            }
          : null,
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
