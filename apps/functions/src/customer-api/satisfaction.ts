import {
  CHANNELS,
  notificationId,
  type ParsePhoneOptions,
  parsePhone,
  SATISFACTION_SCORES,
  type SatisfactionScore,
} from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import { html } from 'hono/html';
import { z } from 'zod';
import { COLLECTIONS } from '../store/collections.ts';
import { readSatisfactionAnswer, surveyChangeId } from '../store/satisfaction.ts';

/** The survey block of a landing page: ask (with a fresh nonce), or thank (with the review link). */
export type SurveyBlock =
  | { state: 'ask'; nonce: string; linkId: string }
  | { state: 'answered'; score: SatisfactionScore; reviewUrl: string | null }
  | null;

/** The nonce every landing-page form carries (a `crypto.randomUUID()` at render): its proof id. */
export const zFormNonce = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);

/** The form the survey block posts (`POST /t/:linkId/note`). */
export const zSurveyForm = z.strictObject({
  score: z.enum(['1', '2', '3', '4', '5']).transform((v) => Number(v) as SatisfactionScore),
  nonce: zFormNonce,
});

/**
 * Whether the ticket's survey went out (a `satisfaction_survey` history document of the ticket
 * the provider accepted, on any channel): the page asks only those customers, once.
 */
export async function surveySent(db: Firestore, ticketId: string): Promise<boolean> {
  const changeId = surveyChangeId(ticketId);
  const refs = CHANNELS.map((channel) =>
    db.collection(COLLECTIONS.history).doc(notificationId({ ticketId, changeId, channel })),
  );
  const snaps = await db.getAll(...refs);
  return snaps.some((s) => s.exists && s.get('sentAt'));
}

/** The survey block for a ticket's page: `null` when no survey was sent for it. */
export async function surveyBlock(
  db: Firestore,
  input: { ticketId: string; linkId: string; reviewUrl: string | null; nonce: () => string },
): Promise<SurveyBlock> {
  const [sent, answer] = await Promise.all([
    surveySent(db, input.ticketId),
    readSatisfactionAnswer(db, input.ticketId),
  ]);
  if (answer) return { state: 'answered', score: answer.score, reviewUrl: input.reviewUrl };
  return sent ? { state: 'ask', nonce: input.nonce(), linkId: input.linkId } : null;
}

/** The number whose conversation a low web score flags (the customer's, normalised). */
export function conversationNumber(phone: string | null, defaultCountry: string): string | null {
  if (!phone) return null;
  const parsed = parsePhone(phone, {
    defaultCountry: defaultCountry as NonNullable<ParsePhoneOptions['defaultCountry']>,
  });
  return parsed.ok ? parsed.value.e164 : null;
}

const LABELS: Record<SatisfactionScore, string> = {
  1: '1 — Très déçu',
  2: '2 — Déçu',
  3: '3 — Correct',
  4: '4 — Satisfait',
  5: '5 — Très satisfait',
};

/**
 * The survey section of the landing page: five buttons (one form, no script), or the thanks
 * with the shop's review link — the same for every score (Google forbids asking only happy
 * customers for reviews).
 */
export function renderSurveyBlock(block: SurveyBlock) {
  if (!block) return '';
  if (block.state === 'answered') {
    return html`<section aria-labelledby="titre-avis">
<h2 id="titre-avis">Merci pour votre note</h2>
<p>Vous nous avez donné ${block.score}/5. Merci, elle nous aide à nous améliorer.</p>
${block.reviewUrl ? html`<p>Si vous le souhaitez, vous pouvez aussi laisser un avis public : <a href="${block.reviewUrl}" rel="noopener noreferrer">laisser un avis</a>.</p>` : ''}
</section>`;
  }
  return html`<section aria-labelledby="titre-avis">
<h2 id="titre-avis">Votre avis sur la réparation</h2>
<form method="post" action="${encodeURIComponent(block.linkId)}/note">
<input type="hidden" name="nonce" value="${block.nonce}">
<fieldset><legend>Comment s'est passée la réparation ? Une seule question, de 1 (très déçu) à 5 (très satisfait).</legend>
${SATISFACTION_SCORES.map((s) => html`<button type="submit" name="score" value="${String(s)}" class="secondary">${LABELS[s]}</button> `)}
</fieldset>
</form>
</section>`;
}
