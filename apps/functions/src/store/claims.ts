import type { Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from './collections.ts';
import { ts } from './timestamps.ts';

/** Outcome of {@link claimAttempt}. */
export type ClaimOutcome =
  | { claimed: true; id: string }
  | { claimed: false; id: string; leaseUntil: Date | null; expired: boolean };

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
    return {
      claimed: false,
      id,
      leaseUntil: until,
      expired: until !== null && until.getTime() <= input.now.getTime(),
    };
  }
}
