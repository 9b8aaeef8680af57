import { createHash } from 'node:crypto';
import {
  ACTION_REPLY_KEYS,
  type ActionRefusal,
  type ActionReplyKey,
  actionsAvailable,
  CUSTOMER_ACTIONS,
  type CustomerAction,
  isCustomerAction,
  SHOP_TIME_ZONE,
  type TicketStatus,
  zonedDayKey,
} from '@omega/core';
import {
  actionReplyText,
  formatAppointment,
  formatEuros,
  QUICK_REPLY_TITLES,
} from '@omega/templates';
import { html } from 'hono/html';
import { z } from 'zod';
import { dateOf, num, str } from '../http/index.ts';
import type { OpenLink } from './links.ts';
import { zFormNonce } from './satisfaction.ts';

// The landing page's action block (issue 16): the customer actions core's `actionsAvailable`
// allows right now, as plain forms posted to `POST /t/:linkId/action` (each with a fresh nonce,
// the idempotency key of `applyCustomerAction`), the decisions already taken, and the notice
// after a post. The wording each form shows is built here once, for the page and for the post:
// what the writer records as `shown.text` is the very text the customer read.

/** The form an action posts (`POST /t/:linkId/action`). */
export const zActionForm = z.strictObject({
  action: z.enum(CUSTOMER_ACTIONS as [CustomerAction, ...CustomerAction[]]),
  nonce: zFormNonce,
  /** {@link shownDigest} of the wording the form displayed: a post about other words is refused. */
  shown: z.string().regex(/^[0-9a-f]{16}$/),
});
export type ActionForm = z.output<typeof zActionForm>;

/** What the page and the post read of the ticket (documented fields, docs/data-model.md). */
export interface TicketActionFacts {
  status: TicketStatus;
  amountEur: number | null;
  /** The quote's text as the shop wrote it (`quoteDetails`), if any. */
  quoteDetails: string | null;
  quoteDecision: 'accepted' | 'declined' | null;
  quoteDecidedAt: Date | null;
  quoteDecisionAmountEur: number | null;
  appointmentAt: Date | null;
  pickupPlannedFor: string | null;
  callbackRequestedAt: Date | null;
  appointmentConfirmedAt: Date | null;
  appointmentChangeRequestedAt: Date | null;
}

/** The longest quote text the page shows (longer: cut, with "…"). */
export const QUOTE_DETAILS_MAX = 1500;

/** The ticket's action fields, read one by one from the link's ticket document. */
export function ticketActionFacts(link: OpenLink): TicketActionFacts {
  const get = (field: string): unknown => link.ticketSnap.get(field);
  const decision = get('quoteDecision');
  const details = str(get('quoteDetails'))?.trim();
  // The log keeps 2,000 characters of the words shown: a longer text is cut on the page too.
  const shownDetails =
    details && details.length > QUOTE_DETAILS_MAX
      ? `${details.slice(0, QUOTE_DETAILS_MAX - 1)}…`
      : details;
  return {
    status: link.ticket.status,
    amountEur: link.ticket.amountDueEur ?? null,
    quoteDetails: shownDetails ? shownDetails : null,
    quoteDecision: decision === 'accepted' || decision === 'declined' ? decision : null,
    quoteDecidedAt: dateOf(get('quoteDecidedAt')),
    quoteDecisionAmountEur: num(get('quoteDecisionAmountEur')),
    appointmentAt: link.ticket.appointmentAt ?? null,
    pickupPlannedFor: str(get('pickupPlannedFor')),
    callbackRequestedAt: dateOf(get('callbackRequestedAt')),
    appointmentConfirmedAt: dateOf(get('appointmentConfirmedAt')),
    appointmentChangeRequestedAt: dateOf(get('appointmentChangeRequestedAt')),
  };
}

/** One action form: its button, the words it shows and the digest of those words. */
export interface ActionFormView {
  action: CustomerAction;
  button: string;
  /** The quote as the page shows it above the quote's forms (amount, then the shop's text). */
  quote: { amount: string | null; details: string | null } | null;
  /** What the customer agrees to by pressing the button. */
  sentence: string;
  /** Everything the form displays, as one text: what `shown.text` records. */
  shownText: string;
  digest: string;
  nonce: string;
  /** Opened from an email's action link (`?action=`): the button has the focus. */
  highlighted: boolean;
  primary: boolean;
}

/** The notice after a post (`?reponse=`): a reply key, or `changed` (the words moved under the form). */
export type ActionNotice = { ok: boolean; text: string };

/** The action block of a landing page; `null` shows nothing. */
export type ActionsBlock = {
  linkId: string;
  forms: ActionFormView[];
  /** The decisions already taken, in plain French ("Devis accepté le 12/11 à 14:03 …"). */
  taken: string[];
  notice: ActionNotice | null;
} | null;

const FR = QUICK_REPLY_TITLES.fr;

function shortDateTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: SHOP_TIME_ZONE,
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')} à ${part('hour')}:${part('minute')}`;
}

function quoteOf(facts: TicketActionFacts): { amount: string | null; details: string | null } {
  return {
    amount: facts.amountEur === null ? null : formatEuros(facts.amountEur, 'fr'),
    details: facts.quoteDetails,
  };
}

/**
 * The sentence an action's form shows: what the customer agrees to by pressing its button.
 *
 * @example actionSentence('quote_accept', facts) // "J'accepte ce devis de 249,00 € : la boutique lance la réparation."
 */
export function actionSentence(action: CustomerAction, facts: TicketActionFacts): string {
  const amount = facts.amountEur === null ? '' : ` de ${formatEuros(facts.amountEur, 'fr')}`;
  const appointment = facts.appointmentAt
    ? formatAppointment(facts.appointmentAt, 'fr', SHOP_TIME_ZONE)
    : null;
  switch (action) {
    case 'quote_accept':
      return `J'accepte ce devis${amount} : la boutique lance la réparation.`;
    case 'quote_decline':
      return `Je refuse ce devis${amount} : la réparation n'est pas faite et un conseiller me contacte pour la suite.`;
    case 'coming_today':
      return "Je passe retirer mon appareil aujourd'hui.";
    case 'coming_tomorrow':
      return 'Je passe retirer mon appareil demain.';
    case 'confirm_appointment':
      return appointment
        ? `Je confirme le rendez-vous du ${appointment}.`
        : 'Je confirme le rendez-vous.';
    case 'another_slot':
      return appointment
        ? `Le rendez-vous du ${appointment} ne me convient pas : un conseiller me propose un autre créneau.`
        : 'Je souhaite un autre créneau : un conseiller me le propose.';
    case 'call_me':
      return "Je souhaite qu'un conseiller de la boutique me rappelle.";
  }
}

/**
 * Everything an action's form displays, as one text — the quote (amount and the shop's text)
 * then the sentence for a quote action, the sentence alone otherwise. The page renders these
 * words and the post records them (`shown.text`).
 */
export function actionShownText(action: CustomerAction, facts: TicketActionFacts): string {
  const sentence = actionSentence(action, facts);
  if (action !== 'quote_accept' && action !== 'quote_decline') return sentence;
  const quote = quoteOf(facts);
  const lines = [
    `Devis : ${quote.amount ?? 'montant communiqué par la boutique'}`,
    ...(quote.details ? [quote.details] : []),
    sentence,
  ];
  return lines.join('\n');
}

/** A short digest of the words a form shows (not a secret: the post recomputes the words). */
export function shownDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The decisions already taken on the ticket, as the page states them instead of their forms. */
export function takenActions(facts: TicketActionFacts, now: Date): string[] {
  const taken: string[] = [];
  if (facts.quoteDecision) {
    const amountEur = facts.quoteDecisionAmountEur ?? facts.amountEur;
    const amount = amountEur === null ? '' : ` (${formatEuros(amountEur, 'fr')})`;
    const verb = facts.quoteDecision === 'accepted' ? 'accepté' : 'refusé';
    const when = facts.quoteDecidedAt ? ` le ${shortDateTime(facts.quoteDecidedAt)}` : '';
    taken.push(`Devis ${verb}${when}${amount}.`);
  }
  if (facts.pickupPlannedFor && facts.status === 'completed') {
    const today = zonedDayKey(now, SHOP_TIME_ZONE);
    if (facts.pickupPlannedFor >= today) {
      const [, month, day] = facts.pickupPlannedFor.split('-');
      taken.push(
        facts.pickupPlannedFor === today
          ? "Passage prévu aujourd'hui : nous vous attendons."
          : `Passage prévu le ${day}/${month} : nous vous attendons.`,
      );
    }
  }
  const upcoming = facts.appointmentAt && facts.appointmentAt.getTime() > now.getTime();
  if (upcoming && facts.appointmentConfirmedAt) {
    taken.push(`Rendez-vous confirmé le ${shortDateTime(facts.appointmentConfirmedAt)}.`);
  }
  if (upcoming && facts.appointmentChangeRequestedAt) {
    taken.push(
      `Autre créneau demandé le ${shortDateTime(facts.appointmentChangeRequestedAt)} : un conseiller vous le propose.`,
    );
  }
  if (
    facts.callbackRequestedAt &&
    now.getTime() - facts.callbackRequestedAt.getTime() < 7 * 86_400_000
  ) {
    taken.push(
      `Rappel demandé le ${shortDateTime(facts.callbackRequestedAt)} : un conseiller vous appelle.`,
    );
  }
  return taken;
}

/** Why the page refused an action, in plain French (nothing was recorded on the ticket). */
export const WEB_REFUSAL_TEXT: Readonly<Record<ActionRefusal, string>> = {
  other_customer: "Ce lien ne correspond pas à cette réparation : rien n'a été enregistré.",
  ticket_closed: "Cette réparation est déjà retirée ou annulée : rien n'a été enregistré.",
  quote_already_decided:
    'Ce devis a déjà reçu une réponse : rien n’a été changé. Pour la modifier, appelez la boutique.',
  wrong_status:
    "Cette réponse ne correspond plus à l'étape de votre réparation : rien n'a été enregistré.",
  no_appointment: "Aucun rendez-vous à venir n'est prévu : rien n'a été enregistré.",
};

/** The notice a redirect's `?reponse=` names; `null` for anything else. */
export function actionNotice(flag: string | undefined): ActionNotice | null {
  if (!flag) return null;
  if (flag === 'changed') {
    return {
      ok: false,
      text: "Le devis a changé depuis l'affichage de la page : rien n'a été enregistré. Relisez-le ci-dessous avant de répondre.",
    };
  }
  if (!(ACTION_REPLY_KEYS as readonly string[]).includes(flag)) return null;
  const key = flag as ActionReplyKey;
  if (key.startsWith('refused_')) {
    return { ok: false, text: WEB_REFUSAL_TEXT[key.slice('refused_'.length) as ActionRefusal] };
  }
  const sentence = actionReplyText(key, 'fr');
  return { ok: true, text: `C'est enregistré : ${sentence}` };
}

/**
 * The action block for a link's page: a form per action core allows right now (never one that
 * would be refused), each with a fresh nonce; the decisions already taken; the notice of the
 * last post. `highlight` (an email's `?action=`) gives that form's button the focus.
 */
export function actionsBlock(
  link: OpenLink,
  input: {
    now: Date;
    highlight: string | undefined;
    notice: string | undefined;
    nonce: () => string;
  },
): ActionsBlock {
  const facts = ticketActionFacts(link);
  const available = actionsAvailable(
    {
      status: facts.status,
      quoteDecision: facts.quoteDecision,
      amountEur: facts.amountEur,
      appointmentAt: facts.appointmentAt,
    },
    input.now,
  );
  const highlight = isCustomerAction(input.highlight) ? input.highlight : null;
  const forms = available.map((action): ActionFormView => {
    const shownText = actionShownText(action, facts);
    const isQuote = action === 'quote_accept' || action === 'quote_decline';
    return {
      action,
      button: FR[action],
      quote: isQuote ? quoteOf(facts) : null,
      sentence: actionSentence(action, facts),
      shownText,
      digest: shownDigest(shownText),
      nonce: input.nonce(),
      highlighted: action === highlight,
      primary: action !== 'quote_decline' && action !== 'call_me' && action !== 'another_slot',
    };
  });
  const taken = takenActions(facts, input.now);
  const notice = actionNotice(input.notice);
  if (forms.length === 0 && taken.length === 0 && !notice) return null;
  return { linkId: link.linkId, forms, taken, notice };
}

/** The CSS of the action block (the page's own styles cover buttons, wording and notices). */
export const ACTIONS_CSS = `
.action{border-top:1px solid #e3e5e8;padding:14px 0}
.action:first-of-type{border-top:0;padding-top:0}
.action.highlighted{border:2px solid #0b5cad;border-radius:8px;padding:12px;background:#f3f8fd}
.quote{margin:0 0 8px}.quote p{margin:0 0 6px;white-space:pre-line}
ul.taken{margin:0 0 12px;padding-left:20px}
`;

/** The quote, shown once above its two forms (each quote form's words include it). */
function quoteHtml(quote: NonNullable<ActionFormView['quote']>) {
  return html`<div class="quote" id="devis"><p>Devis : <strong>${quote.amount ?? 'montant communiqué par la boutique'}</strong></p>${quote.details ? html`<p>${quote.details}</p>` : ''}</div>`;
}

function actionFormHtml(form: ActionFormView, linkId: string) {
  const id = `action-${form.action}`;
  const describedBy = form.quote ? `devis ${id}-texte` : `${id}-texte`;
  return html`<form method="post" action="${encodeURIComponent(linkId)}/action" class="action${form.highlighted ? ' highlighted' : ''}" id="${id}">
<input type="hidden" name="action" value="${form.action}">
<input type="hidden" name="nonce" value="${form.nonce}">
<input type="hidden" name="shown" value="${form.digest}">
${form.highlighted ? html`<p><strong>Confirmez votre réponse :</strong></p>\n` : ''}<p class="wording" id="${id}-texte">${form.sentence}</p>
<button type="submit" class="${form.primary ? '' : 'secondary'}" aria-describedby="${describedBy}"${form.highlighted ? html` autofocus` : ''}>${form.button}</button>
</form>`;
}

/**
 * The action section of the landing page (`id="actions"`, the target of the email's links): the
 * notice of the last post, the decisions taken, the quote (once, above its two forms), then one
 * form per available action. Plain forms,
 * no script: the customer confirms with one tap.
 */
export function renderActionsBlock(block: ActionsBlock) {
  if (!block) return '';
  const notice = block.notice
    ? block.notice.ok
      ? html`<div class="notice notice-ok" role="status">${block.notice.text}</div>`
      : html`<div class="notice notice-error" role="alert">${block.notice.text}</div>`
    : '';
  const taken =
    block.taken.length > 0
      ? html`<ul class="taken">${block.taken.map((t) => html`<li>${t}</li>`)}</ul>`
      : '';
  const intro =
    block.forms.length > 0
      ? html`<p class="muted">Répondez directement ici : votre réponse est enregistrée avec sa date et transmise à la boutique.</p>`
      : '';
  const quote = block.forms.find((f) => f.quote)?.quote;
  return html`<section id="actions" aria-labelledby="titre-actions">
<h2 id="titre-actions">Votre réponse</h2>
${notice}${taken}${intro}${quote ? quoteHtml(quote) : ''}
${block.forms.map((f, i) => html`${i > 0 ? '\n' : ''}${actionFormHtml(f, block.linkId)}`)}
</section>`;
}
