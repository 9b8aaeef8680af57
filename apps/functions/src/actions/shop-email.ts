import type { CustomerAction } from '@omega/core';
import { formatEuros } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import type { ChannelSenders } from '../adapters/port.ts';
import type { SettingsSource } from '../settings/settings-source.ts';
import { COLLECTIONS } from '../store/collections.ts';
import { ts } from '../store/timestamps.ts';
import type { ShopEmailFacts } from './shop-email-outbox.ts';

/**
 * The shop's email about a customer's decision (a quote accepted or declined): the shop's cue to
 * start (or to call) and its copy of the proof. An outbox document `shop_emails/{id}` is created
 * in the same transaction as the decision; its trigger sends it, the sweeper re-drives one left
 * `planned` or with an expired lease, and every attempt carries the same Message-ID, so a resend
 * after a lost answer is recognised as the same email.
 */

/** Attempts before the outbox document is closed `failed` with an alert. */
export const SHOP_EMAIL_MAX_ATTEMPTS = 5;
/** How long a sending attempt holds the document. */
export const SHOP_EMAIL_LEASE_MS = 60_000;
/** Delay before the sweeper retries a failed attempt. */
export const SHOP_EMAIL_RETRY_MS = 5 * 60_000;

const CHANNEL_WORDS = { whatsapp: 'WhatsApp', sms: 'SMS', web: 'la page de suivi' } as const;

/** The email's subject and text (French: the shop's language). Pure. */
export function shopEmailContent(
  facts: Pick<ShopEmailFacts, 'action' | 'channel' | 'amountEur' | 'shownText' | 'at' | 'ticketId'>,
  ticket: { device: string; trackingCode: string; customerName: string },
): { subject: string; text: string } {
  const accepted = facts.action === 'quote_accept';
  const verb = accepted ? 'accepté' : 'refusé';
  const amount = facts.amountEur === null ? '' : ` de ${formatEuros(facts.amountEur, 'fr')}`;
  const when = new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(facts.at);
  const subject = `Devis${amount} ${verb} — ${ticket.device || 'réparation'} (${ticket.trackingCode || facts.ticketId})`;
  const text = [
    `${ticket.customerName || 'Le client'} a ${verb} le devis${amount} le ${when}, depuis ${CHANNEL_WORDS[facts.channel]}.`,
    '',
    `Réparation : ${ticket.device || '—'} · dossier ${ticket.trackingCode || facts.ticketId}`,
    `Ce que le client a vu : « ${facts.shownText} »`,
    '',
    accepted
      ? 'Vous pouvez lancer la réparation.'
      : 'Le client a refusé : à vous de décider de la suite (rappeler le client, restituer l’appareil).',
    `La preuve (canal, message ou lien, heure, texte affiché) est dans le journal du dossier sur le tableau de bord.`,
  ].join('\n');
  return { subject, text };
}

/** What the email sending deps need. */
export interface ShopEmailDeps {
  db: Firestore;
  clock: () => Date;
  senders: ChannelSenders;
  settings: SettingsSource;
  config: { mailFrom: string };
}

/** What one sending attempt did. */
export type ShopEmailRun =
  | 'sent'
  | 'already_done'
  | 'busy'
  | 'not_due'
  | 'skipped_no_address'
  | 'retry_later'
  | 'failed';

/**
 * Sends one outbox email: takes a lease in a transaction (a second run while it holds answers
 * `busy`; a document already sent or closed answers `already_done`), sends through the email
 * sender with the outbox id as the Message-ID's seed, and records the result. No shop address in
 * the settings: closed `skipped` with its reason (the decision itself is on the dashboard).
 * A refusal is retried by the sweeper after `SHOP_EMAIL_RETRY_MS`, up to
 * `SHOP_EMAIL_MAX_ATTEMPTS`, then closed `failed` with an alert.
 */
export async function sendShopEmail(deps: ShopEmailDeps, id: string): Promise<ShopEmailRun> {
  const ref = deps.db.collection(COLLECTIONS.shopEmails).doc(id);
  const now = deps.clock();
  const claim = await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (!snap.exists) return { run: 'already_done' as const };
    const status = snap.get('status') as string;
    if (status === 'sent' || status === 'skipped' || status === 'failed')
      return { run: 'already_done' as const };
    const lease = (snap.get('leaseUntil') as { toMillis?: () => number } | null)?.toMillis?.();
    if (status === 'sending' && lease !== undefined && lease > now.getTime())
      return { run: 'busy' as const };
    const notBefore = (snap.get('notBefore') as { toMillis?: () => number } | null)?.toMillis?.();
    if (notBefore !== undefined && notBefore > now.getTime()) return { run: 'not_due' as const };
    const attempts = ((snap.get('attempts') as number | undefined) ?? 0) + 1;
    tx.update(ref, {
      status: 'sending',
      attempts,
      leaseUntil: ts(new Date(now.getTime() + SHOP_EMAIL_LEASE_MS)),
    });
    return { run: 'claimed' as const, attempts, data: snap.data() as Record<string, unknown> };
  });
  if (claim.run !== 'claimed') return claim.run;
  const settings = await deps.settings.get();
  const to = settings.shopEmail;
  if (!to || !deps.senders.email) {
    await ref.update({
      status: 'skipped',
      leaseUntil: null,
      lastError: to
        ? "l'envoi d'emails n'est pas configuré"
        : 'aucune adresse email du magasin dans les réglages (Réglages → email du magasin)',
    });
    return 'skipped_no_address';
  }
  const data = claim.data;
  const ticketId = data.ticketId as string;
  const ticket = await deps.db.collection(COLLECTIONS.tickets).doc(ticketId).get();
  const clientId = ticket.get('clientId') as string | undefined;
  const client = clientId
    ? await deps.db.collection(COLLECTIONS.clients).doc(clientId).get()
    : null;
  const content = shopEmailContent(
    {
      action: data.action as CustomerAction,
      channel: data.channel as ShopEmailFacts['channel'],
      amountEur: (data.amountEur as number | null) ?? null,
      shownText: (data.shownText as string) ?? '',
      at: (data.at as { toDate: () => Date }).toDate(),
      ticketId,
    },
    {
      device: (ticket.get('device') as string | undefined) ?? '',
      trackingCode: (ticket.get('trackingCode') as string | undefined) ?? '',
      customerName: (client?.get('name') as string | undefined) ?? '',
    },
  );
  const result = await deps.senders.email.send({
    channel: 'email',
    notificationId: `shop_${id}`,
    to,
    from: deps.config.mailFrom,
    subject: content.subject,
    text: content.text,
  });
  if (result.ok) {
    await ref.update({
      status: 'sent',
      to,
      leaseUntil: null,
      sentAt: ts(deps.clock()),
      providerId: result.value.providerId,
      lastError: null,
    });
    return 'sent';
  }
  const exhausted = !result.error.retryable || claim.attempts >= SHOP_EMAIL_MAX_ATTEMPTS;
  const batch = deps.db.batch();
  batch.update(ref, {
    status: exhausted ? 'failed' : 'planned',
    leaseUntil: null,
    notBefore: exhausted ? null : ts(new Date(deps.clock().getTime() + SHOP_EMAIL_RETRY_MS)),
    lastError: result.error.message.slice(0, 500),
  });
  if (exhausted) {
    batch.set(deps.db.collection(COLLECTIONS.alerts).doc(`shop_email_${id}`), {
      kind: 'shop_email_failed',
      ticketId,
      message: `L'email au magasin sur la décision du devis n'a pas pu partir (${claim.attempts} essai(s)) : ${result.error.message.slice(0, 200)}. La décision est enregistrée sur le dossier.`,
      at: ts(deps.clock()),
      acknowledgedAt: null,
    });
  }
  await batch.commit();
  return exhausted ? 'failed' : 'retry_later';
}

/**
 * The sweeper's part for the outbox: emails left `planned` (a trigger that never ran, a retry
 * due) or `sending` with an expired lease are sent again; at most `limit` per run, leaving one
 * created less than `graceMs` ago (default a minute) to its trigger.
 */
export async function sweepShopEmails(
  deps: ShopEmailDeps,
  options: { limit?: number; graceMs?: number } = {},
): Promise<{ examined: number; runs: Record<string, ShopEmailRun> }> {
  const limit = options.limit ?? 50;
  const graceMs = options.graceMs ?? SHOP_EMAIL_LEASE_MS;
  const snap = await deps.db
    .collection(COLLECTIONS.shopEmails)
    .where('status', 'in', ['planned', 'sending'])
    .limit(limit)
    .get();
  const runs: Record<string, ShopEmailRun> = {};
  for (const doc of snap.docs) {
    const created = (doc.get('createdAt') as { toMillis?: () => number } | null)?.toMillis?.();
    // A just-created email is its trigger's: leave it a minute.
    if (created !== undefined && deps.clock().getTime() - created < graceMs) continue;
    runs[doc.id] = await sendShopEmail(deps, doc.id);
  }
  return { examined: snap.size, runs };
}
