import { SHOP_TIME_ZONE } from '@omega/core';
import { BRAND, formatEuros } from '@omega/templates';
import { html, raw } from 'hono/html';
import { ACTIONS_CSS, type ActionsBlock, renderActionsBlock } from './actions.ts';
import type { LinkRefusal } from './links.ts';
import { type PhotosBlock, renderPhotosBlock } from './photos.ts';
import { renderSurveyBlock, type SurveyBlock } from './satisfaction.ts';
import { renderShopBlock } from './shop-block.ts';
import type { ChannelChoice, ChoiceAction, LinkView } from './view.ts';

// Every page is built with hono's `html` tagged template: interpolated values are escaped
// for content and attribute values (& < > " '), nested `html` fragments are kept as they are.

/** A fragment built with `html`; a promise only when given one, which these pages never are. */
type Html = ReturnType<typeof html>;

/** The finished page as a string. */
function pageText(page: Html): string {
  if (page instanceof Promise) throw new Error('customer pages are synchronous');
  return page.toString();
}

/** No script at all: the page works with forms alone, on any phone. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f5f6f8}
header{background:#0b3d6b;color:#fff;padding:14px 16px}
header p{margin:0;font-weight:700;font-size:1.1rem}
main{max-width:40rem;margin:0 auto;padding:16px}
section{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 4px}
h2{font-size:1.1rem;margin:0 0 12px}
h3{font-size:1rem;margin:0}
.muted{color:#555}
ol.steps{list-style:none;padding:0;margin:12px 0 0}
ol.steps li{padding:6px 0 6px 30px;position:relative;color:#555}
ol.steps li::before{content:"";position:absolute;left:6px;top:11px;width:12px;height:12px;border-radius:50%;border:2px solid #8a8f98;background:#fff}
ol.steps li.done::before{background:#1b7f3b;border-color:#1b7f3b}
ol.steps li.current{color:#1a1a1a;font-weight:700}
ol.steps li.current::before{background:#0b5cad;border-color:#0b5cad}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;background:#e7f0fa;color:#0b3d6b;font-weight:600}
.choice{border-top:1px solid #e3e5e8;padding:14px 0}
.choice:first-of-type{border-top:0;padding-top:0}
.state{font-weight:600}
.state-on{color:#1b7f3b}.state-off{color:#a11b1b}.state-service{color:#0b3d6b}.state-unavailable{color:#555}
.wording{background:#f5f6f8;border-left:4px solid #0b5cad;padding:8px 12px;margin:10px 0;font-size:.95rem}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:10px 16px;border-radius:8px;border:2px solid #0b5cad;background:#0b5cad;color:#fff;text-decoration:none;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0b5cad}
button:focus-visible,.button:focus-visible,a:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.notice{border-radius:8px;padding:10px 12px;margin:0 0 16px}
.notice-ok{background:#e6f4ea;border:1px solid #1b7f3b}
.notice-error{background:#fdecea;border:1px solid #a11b1b}
dl{margin:0}dt{font-weight:600}dd{margin:0 0 8px}
footer{max-width:40rem;margin:0 auto;padding:0 16px 24px;font-size:.9rem;color:#555}
`;

function layout(title: string, body: Html): string {
  return pageText(html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${title} · ${BRAND}</title>
<style>${raw(CSS)}${raw(ACTIONS_CSS)}</style>
</head>
<body>
<header><p>${BRAND}</p></header>
<main id="contenu">
${body}
</main>
<footer>
<p>Vos choix sont enregistrés avec leur date, comme l'exige la CNIL. Nous n'envoyons jamais de publicité par SMS ou WhatsApp. Vous pouvez aussi changer d'avis au comptoir.</p>
</footer>
</body>
</html>`);
}

/** What a flash message after saving says (`?enregistre=<channel>-<on|off>`). */
export type SavedNotice =
  | { kind: 'saved'; channel: string; granted: boolean }
  | { kind: 'twilio_opt_out'; channel: string }
  | { kind: 'error'; message: string };

function notice(n: SavedNotice | null, view: LinkView): Html | '' {
  if (!n) return '';
  if (n.kind === 'error') {
    return html`<div class="notice notice-error" role="alert">${n.message}</div>`;
  }
  const label = view.channels.find((c) => c.channel === n.channel)?.label ?? n.channel;
  if (n.kind === 'twilio_opt_out') {
    return html`<div class="notice notice-error" role="alert">Votre accord pour ${label} est enregistré, mais votre numéro a été désinscrit en répondant STOP : envoyez START au même numéro (ou sur WhatsApp) pour les recevoir à nouveau.</div>`;
  }
  return html`<div class="notice notice-ok" role="status">${
    n.granted
      ? html`C'est noté : vous recevrez le suivi par ${label}.`
      : html`C'est noté : vous ne recevrez plus de messages par ${label}.`
  }</div>`;
}

function actionForm(channel: string, action: ChoiceAction | null, textId: string): Html | '' {
  if (!action) return '';
  return html`<form method="post" action="" aria-describedby="${textId}">
<input type="hidden" name="channel" value="${channel}">
<input type="hidden" name="granted" value="${action.granted ? 'true' : 'false'}">
<input type="hidden" name="wordingVersion" value="${action.wordingVersion}">
<p class="wording" id="${textId}">${action.wording}</p>
<button type="submit" class="${action.granted ? '' : 'secondary'}">${action.button}</button>
</form>`;
}

function choiceBlock(choice: ChannelChoice, index: number): Html {
  const id = `canal-${choice.channel}`;
  const optOut = choice.twilioOptOut
    ? html`<p class="muted">Votre numéro a été désinscrit en répondant STOP : envoyez START au même numéro (ou sur WhatsApp) pour réactiver ce canal.</p>`
    : '';
  return html`<div class="choice" id="${id}" data-index="${index}">
<h3>${choice.label}</h3>
<p class="state state-${choice.state}">${choice.stateText}</p>
${optOut}${actionForm(choice.channel, choice.action, `${id}-texte`)}${actionForm(choice.channel, choice.withdraw, `${id}-retrait`)}
</div>`;
}

function formatDate(isoDate: string | null): string | null {
  if (!isoDate) return null;
  return new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: SHOP_TIME_ZONE,
  }).format(new Date(isoDate));
}

/**
 * The landing page behind a ticket's short link: the repair's progress, the shop's details, the
 * registration link for a walk-in, and the notification choices with their CNIL wording. Plain
 * HTML forms (post, then redirect): no script, works on any phone, keyboard and screen reader.
 */
export function renderLandingPage(
  view: LinkView,
  flash: SavedNotice | null,
  survey: SurveyBlock = null,
  actions: ActionsBlock = null,
  photos: PhotosBlock = null,
): string {
  const t = view.ticket;
  const greeting = view.customer.firstName ? `Bonjour ${view.customer.firstName},` : 'Bonjour,';
  const updated = formatDate(t.updatedAt);
  const appointment = formatDate(t.appointmentAt);
  const extra: Html[] = [];
  // A quote the action block shows (with its forms, or its decision) is not stated twice.
  if (t.status === 'quote_pending' && t.amountDueEur !== null && !actions) {
    extra.push(
      html`<p>Un devis de <strong>${formatEuros(t.amountDueEur, 'fr')}</strong> attend votre accord : appelez-nous ou passez en boutique.</p>`,
    );
  } else if (t.amountDueEur !== null && t.status === 'completed') {
    extra.push(
      html`<p>Montant à régler au retrait : <strong>${formatEuros(t.amountDueEur, 'fr')}</strong>.</p>`,
    );
  }
  if (appointment) extra.push(html`<p>Rendez-vous : <strong>${appointment}</strong>.</p>`);
  if (t.status === 'cancelled') extra.push(html`<p>Cette réparation a été annulée.</p>`);

  const steps = t.steps.map(
    (s, i) =>
      html`${i > 0 ? '\n' : ''}<li class="${s.current ? 'current' : s.done ? 'done' : ''}"${s.current ? html` aria-current="step"` : ''}>${s.label}${s.done ? html`<span class="muted"> — fait</span>` : ''}</li>`,
  );

  const registration = view.registration
    ? html`<section aria-labelledby="titre-compte">
<h2 id="titre-compte">Créez votre compte</h2>
<p>Suivez toutes vos réparations et choisissez vos notifications depuis votre espace client. Vos informations sont déjà remplies.</p>
<p><a class="button" href="${view.registration.url}">Créer mon compte</a></p>
</section>`
    : '';

  const contact = [view.customer.phone, view.customer.email].filter(Boolean).join(', ');
  const body = html`${notice(flash, view)}
<section aria-labelledby="titre-suivi">
<p>${greeting}</p>
<h1 id="titre-suivi">Suivi de votre réparation</h1>
<p><span class="badge">${t.statusLabel}</span></p>
<dl>
<dt>Appareil</dt><dd>${t.device || '—'}</dd>
<dt>Numéro de suivi</dt><dd>${t.trackingCode || '—'}</dd>
${updated ? html`<dt>Dernière mise à jour</dt><dd>${updated}</dd>` : ''}
</dl>
${extra.map((p, i) => html`${i > 0 ? '\n' : ''}${p}`)}
${t.status === 'cancelled' ? '' : html`<ol class="steps" aria-label="Étapes de la réparation">\n${steps}\n</ol>`}
</section>
${renderActionsBlock(actions)}
${renderPhotosBlock(photos)}
${renderShopBlock(view.shop)}
${renderSurveyBlock(survey)}
${registration}
<section aria-labelledby="titre-notifications">
<h2 id="titre-notifications">Vos notifications</h2>
<p class="muted">Choisissez comment nous vous tenons au courant de vos réparations${contact ? ` (${contact})` : ''}. Gratuit, sans compte, modifiable à tout moment.</p>
${view.channels.map((choice, i) => html`${i > 0 ? '\n' : ''}${choiceBlock(choice, i)}`)}
</section>`;
  return layout('Suivi de votre réparation', body);
}

const REFUSALS: Record<LinkRefusal, { title: string; text: string }> = {
  unknown: {
    title: 'Lien introuvable',
    text: "Ce lien n'existe pas ou n'est plus valable. Vérifiez qu'il est complet, ou contactez la boutique.",
  },
  expired: {
    title: 'Lien expiré',
    text: 'Ce lien a expiré. Le prochain message de la boutique contiendra un nouveau lien ; vous pouvez aussi nous contacter.',
  },
  revoked: {
    title: 'Lien désactivé',
    text: 'Ce lien a été désactivé par la boutique. Le prochain message contiendra un nouveau lien ; vous pouvez aussi nous contacter.',
  },
};

/** The page of a link that opens nothing: why, and no data at all. */
export function renderRefusalPage(code: LinkRefusal): string {
  const r = REFUSALS[code];
  return layout(
    r.title,
    html`<section aria-labelledby="titre"><h1 id="titre">${r.title}</h1><p>${r.text}</p></section>`,
  );
}

/** A page for a request the page cannot serve (too many requests, bad form). */
export function renderProblemPage(title: string, text: string): string {
  return layout(
    title,
    html`<section aria-labelledby="titre"><h1 id="titre">${title}</h1><p>${text}</p></section>`,
  );
}
