import { actionsAvailable, CUSTOMER_ACTIONS, type TicketStatus } from '@omega/core';
import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { Timestamp } from 'firebase-admin/firestore';
import { describe, expect, it } from 'vitest';
import {
  actionNotice,
  actionShownText,
  actionsBlock,
  QUOTE_DETAILS_MAX,
  renderActionsBlock,
  shownDigest,
  ticketActionFacts,
  zActionForm,
} from './actions.ts';
import type { OpenLink } from './links.ts';

// 2026-11-12 13:03 UTC = 14:03 in Paris.
const NOW = new Date('2026-11-12T13:03:00Z');

/** An open link on a ticket whose stored document holds `fields` (read field by field). */
function linkOn(status: TicketStatus, fields: Record<string, unknown> = {}): OpenLink {
  const data: Record<string, unknown> = { clientId: 'c1', status, amountDueEur: 249, ...fields };
  const appointment = data.appointmentAt as Timestamp | undefined;
  return {
    linkId: 'Ab3xK9pQ',
    ticketId: 't1',
    ticket: {
      clientId: 'c1',
      device: 'iPhone 13',
      status,
      trackingCode: 'OM-1',
      amountDueEur: (data.amountDueEur as number | null) ?? null,
      appointmentAt: appointment ? appointment.toDate() : null,
    },
    ticketSnap: { get: (field: string) => data[field] } as unknown as DocumentSnapshot,
    customer: {} as OpenLink['customer'],
    expiresAt: null,
  };
}

let counter = 0;
const nonce = () => `nonce-${String(++counter).padStart(16, '0')}`;
const block = (link: OpenLink, highlight?: string, notice?: string) =>
  actionsBlock(link, { now: NOW, highlight, notice, nonce });
const render = (link: OpenLink, highlight?: string, notice?: string) =>
  String(renderActionsBlock(block(link, highlight, notice)));

describe('the action block', () => {
  it.each<[TicketStatus, Record<string, unknown>, string[]]>([
    ['quote_pending', {}, ['quote_accept', 'quote_decline', 'call_me']],
    ['quote_pending', { quoteDecision: 'accepted' }, ['call_me']],
    ['completed', {}, ['coming_today', 'coming_tomorrow', 'call_me']],
    [
      'in_repair',
      { appointmentAt: Timestamp.fromDate(new Date('2026-11-14T09:00:00Z')) },
      ['confirm_appointment', 'another_slot', 'call_me'],
    ],
    // An appointment already past: nothing to confirm or move.
    [
      'in_repair',
      { appointmentAt: Timestamp.fromDate(new Date('2026-11-10T09:00:00Z')) },
      ['call_me'],
    ],
    ['picked_up', {}, ['call_me']],
    ['cancelled', {}, []],
  ])('%s %o: one form per action core allows right now, nothing else', (status, fields, forms) => {
    const link = linkOn(status, fields);
    const b = block(link);
    const offered = b?.forms.map((f) => f.action) ?? [];
    expect(offered).toEqual(forms);
    const facts = ticketActionFacts(link);
    expect(offered).toEqual(actionsAvailable({ ...facts, amountEur: facts.amountEur }, NOW));
    const html = render(link);
    expect([...html.matchAll(/name="action" value="([a-z_]+)"/g)].map((m) => m[1])).toEqual(forms);
  });

  it('shows the quote (amount, the shop’s text, escaped) above its sentence and records those very words', () => {
    const link = linkOn('quote_pending', {
      quoteDetails: '  Écran OLED <i>origine</i>\nGarantie 6 mois  ',
    });
    const html = render(link);
    expect(html).toContain('Devis : <strong>249 €</strong>');
    expect(html).toContain('Écran OLED &lt;i&gt;origine&lt;/i&gt;\nGarantie 6 mois</p>');
    const text = actionShownText('quote_accept', ticketActionFacts(link));
    expect(text).toBe(
      "Devis : 249 €\nÉcran OLED <i>origine</i>\nGarantie 6 mois\nJ'accepte ce devis de 249 € : la boutique lance la réparation.",
    );
    const accept = block(link)?.forms.find((f) => f.action === 'quote_accept');
    expect(accept?.shownText).toBe(text);
    expect(html).toContain(`name="shown" value="${shownDigest(text)}"`);
    // Each form has its own nonce and its words describe its button.
    const nonces = [...html.matchAll(/name="nonce" value="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(nonces).size).toBe(3);
    expect(html).toContain('aria-describedby="devis action-quote_accept-texte"');
    expect(html).toContain('aria-describedby="devis action-quote_decline-texte"');
    expect(html).toContain('aria-describedby="action-call_me-texte"');
    // The quote once, above its two forms.
    expect(html.match(/Devis : <strong>/g)).toHaveLength(1);
    expect(html).toContain('id="action-quote_accept-texte"');
  });

  it('a quote without text or amount still says what is accepted; a text too long is cut on the page as in the log', () => {
    const plain = ticketActionFacts(linkOn('quote_pending', { amountDueEur: null }));
    expect(actionShownText('quote_accept', plain)).toBe(
      "Devis : montant communiqué par la boutique\nJ'accepte ce devis : la boutique lance la réparation.",
    );
    const long = ticketActionFacts(linkOn('quote_pending', { quoteDetails: 'x'.repeat(5000) }));
    expect(long.quoteDetails).toHaveLength(QUOTE_DETAILS_MAX);
    expect(long.quoteDetails?.endsWith('…')).toBe(true);
    expect(actionShownText('quote_accept', long).length).toBeLessThan(2000);
  });

  it('the digest changes with the amount: a post about an older quote does not match', () => {
    const before = actionShownText('quote_accept', ticketActionFacts(linkOn('quote_pending')));
    const after = actionShownText(
      'quote_accept',
      ticketActionFacts(linkOn('quote_pending', { amountDueEur: 289 })),
    );
    expect(shownDigest(before)).not.toBe(shownDigest(after));
    expect(shownDigest(before)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('states the decision taken instead of the quote’s forms', () => {
    const link = linkOn('quote_pending', {
      quoteDecision: 'accepted',
      quoteDecidedAt: Timestamp.fromDate(NOW),
      quoteDecisionAmountEur: 249,
    });
    const html = render(link);
    expect(html).toContain('<li>Devis accepté le 12/11 à 14:03 (249 €).</li>');
    expect(html).not.toContain('value="quote_accept"');
    const declined = render(
      linkOn('quote_pending', {
        quoteDecision: 'declined',
        quoteDecidedAt: Timestamp.fromDate(NOW),
      }),
    );
    expect(declined).toContain('<li>Devis refusé le 12/11 à 14:03 (249 €).</li>');
  });

  it('states a planned pickup, a callback asked for and an appointment confirmed', () => {
    const html = render(
      linkOn('completed', {
        pickupPlannedFor: '2026-11-13',
        callbackRequestedAt: Timestamp.fromDate(new Date('2026-11-12T08:30:00Z')),
      }),
    );
    expect(html).toContain('Passage prévu le 13/11 : nous vous attendons.');
    expect(html).toContain('Rappel demandé le 12/11 à 09:30 : un conseiller vous appelle.');
    expect(render(linkOn('completed', { pickupPlannedFor: '2026-11-12' }))).toContain(
      'Passage prévu aujourd&#39;hui',
    );
    // Yesterday's plan is over.
    expect(render(linkOn('completed', { pickupPlannedFor: '2026-11-11' }))).not.toContain(
      'Passage prévu',
    );
    const confirmed = render(
      linkOn('in_repair', {
        appointmentAt: Timestamp.fromDate(new Date('2026-11-14T09:00:00Z')),
        appointmentConfirmedAt: Timestamp.fromDate(NOW),
      }),
    );
    expect(confirmed).toContain('Rendez-vous confirmé le 12/11 à 14:03.');
    expect(confirmed).toContain('Je confirme le rendez-vous du samedi 14/11 à 10h.');
  });

  it('highlights and focuses the form an email link names, only if it is offered', () => {
    const link = linkOn('quote_pending');
    const html = render(link, 'quote_decline');
    expect(html).toMatch(/class="action highlighted" id="action-quote_decline"/);
    expect(html.match(/autofocus/g)).toHaveLength(1);
    expect(html).toContain('Confirmez votre réponse :');
    expect(render(link, 'coming_today')).not.toContain('autofocus');
    expect(render(link, '"><script>')).not.toContain('autofocus');
  });

  it('shows nothing for a ticket with nothing to do and nothing decided', () => {
    expect(block(linkOn('cancelled'))).toBeNull();
    expect(renderActionsBlock(null)).toBe('');
  });
});

describe('the notice after a post', () => {
  it.each([
    [
      'quote_accept',
      true,
      "C'est enregistré : votre accord pour le devis est bien enregistré. Nous lançons la réparation.",
    ],
    [
      'call_me',
      true,
      "C'est enregistré : c'est noté, un conseiller vous rappelle dès que possible.",
    ],
    [
      'refused_quote_already_decided',
      false,
      'Ce devis a déjà reçu une réponse : rien n’a été changé. Pour la modifier, appelez la boutique.',
    ],
    [
      'refused_ticket_closed',
      false,
      "Cette réparation est déjà retirée ou annulée : rien n'a été enregistré.",
    ],
  ])('%s', (flag, ok, text) => {
    expect(actionNotice(flag)).toEqual({ ok, text });
  });

  it('ignores anything else', () => {
    for (const flag of [undefined, '', 'refused_', 'quote_accept<script>', 'rate_5']) {
      expect(actionNotice(flag)).toBeNull();
    }
  });

  it('an alert for a refusal, a status for a confirmation', () => {
    expect(render(linkOn('quote_pending'), undefined, 'refused_wrong_status')).toContain(
      '<div class="notice notice-error" role="alert">',
    );
    expect(render(linkOn('quote_pending'), undefined, 'call_me')).toContain(
      '<div class="notice notice-ok" role="status">',
    );
  });
});

describe('zActionForm', () => {
  const good = { action: 'quote_accept', nonce: 'a'.repeat(36), shown: '0123456789abcdef' };
  it('accepts every action with a nonce and a digest', () => {
    for (const action of CUSTOMER_ACTIONS) {
      expect(zActionForm.safeParse({ ...good, action }).success).toBe(true);
    }
  });
  it.each([
    { ...good, action: 'rate_5' },
    { ...good, nonce: 'short' },
    { ...good, nonce: `${'a'.repeat(20)}_x` },
    { ...good, shown: 'ZZZZ' },
    { action: 'call_me', nonce: good.nonce },
    { ...good, extra: '1' },
  ])('refuses %o', (form) => {
    expect(zActionForm.safeParse(form).success).toBe(false);
  });
});
