import type { Firestore } from 'firebase-admin/firestore';
import { type ActionProof, actionIdOf, applyCustomerAction } from '../actions/apply.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { type ActionForm, actionShownText, shownDigest, ticketActionFacts } from './actions.ts';
import type { OpenLink } from './links.ts';

/**
 * Records an action posted from the landing page (`POST /t/:linkId/action`) through the actions
 * writer, and says which notice the page shows next (the redirect's `?reponse=`): the reply key
 * of the outcome (applied, refused with its reason, or the same key again for a nonce already
 * used: nothing changes), or `changed` when the words the form showed are no longer the ticket's
 * (the amount or the quote's text changed since the page was displayed): nothing is recorded,
 * the customer reads the new quote first — unless that form was already recorded (a double tap
 * across the change), which answers as the duplicate it is.
 */
export async function recordWebAction(
  db: Firestore,
  input: {
    link: OpenLink;
    form: ActionForm;
    actor: { clientId: string | null; customerId: string | null };
    ipHash: string;
    at: Date;
  },
): Promise<string> {
  const { link, form } = input;
  const text = actionShownText(form.action, ticketActionFacts(link));
  const proof: ActionProof = {
    via: 'web',
    linkId: link.linkId,
    nonce: form.nonce,
    ipHash: input.ipHash,
  };
  if (shownDigest(text) !== form.shown) {
    const earlier = await db.collection(COLLECTIONS.ticketActions).doc(actionIdOf(proof)).get();
    // Not recorded: refuse the stale words. Recorded: the writer answers `duplicate`, writing nothing.
    if (!earlier.exists) return 'changed';
  }
  const outcome = await applyCustomerAction(db, {
    ticketId: link.ticketId,
    action: form.action,
    proof,
    actor: input.actor,
    shown: { text, notificationId: null },
    at: input.at,
  });
  return outcome.replyKey;
}
