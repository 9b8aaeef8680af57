import type { OutboundFacts } from '../../adapters/port.ts';
import type { ClaimAnswer } from '../../store/claims.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import type { PipelineDeps } from '../deps.ts';
import { findWith } from './adapters.ts';

/** The provider could not be asked about a lost answer: nothing may be resent blind. */
export class ReconcileUnavailableError extends Error {
  constructor(notificationId: string, message: string) {
    super(`send ${notificationId}: cannot ask the provider about a lost answer: ${message}`);
    this.name = 'ReconcileUnavailableError';
  }
}

/**
 * The provider's message matching `facts` (what an attempt handed over), created since `since`,
 * that no other notification already owns — two messages with the same text to the same number
 * are told apart by their owners — or null. `undefined` when the channel's provider cannot be
 * asked (email, push: their rule is in docs/delivery.md). Throws
 * {@link ReconcileUnavailableError} when the provider does not answer.
 */
export async function findAtProvider(
  deps: PipelineDeps,
  notificationId: string,
  facts: OutboundFacts,
  since: Date,
): Promise<ClaimAnswer | null | undefined> {
  const result = await findWith(deps, facts, since);
  if (result === undefined) return undefined;
  if (!result.ok) throw new ReconcileUnavailableError(notificationId, result.error.message);
  for (const candidate of result.value) {
    const owners = await deps.db
      .collection(COLLECTIONS.history)
      .where('metadata.twilioMessageId', '==', candidate.providerId)
      .limit(1)
      .get();
    const owner = owners.docs[0]?.id;
    if (owner && owner !== notificationId) continue;
    // Recorded as the create would have answered it: what happened since (sent, delivered,
    // failed) arrives by the status callbacks or the reconciliation schedule, which count it.
    return {
      providerId: candidate.providerId,
      status: candidate.status === 'accepted' ? 'accepted' : 'queued',
      segments: candidate.segments,
    };
  }
  return null;
}
