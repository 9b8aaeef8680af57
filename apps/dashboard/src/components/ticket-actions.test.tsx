import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { FakeRoutes } from '../testing/render.tsx';
import { renderPage, signedIn } from '../testing/render.tsx';
import { TicketActions, type TicketDecisionFields } from './ticket-actions.tsx';

const ROUTE = 'GET /api/staff/tickets/:ticketId/actions';

function entry(overrides: Record<string, unknown>) {
  return {
    id: 'sid_SM1',
    ticketId: 't1',
    action: 'quote_accept',
    outcome: 'applied',
    reason: null,
    reasonText: null,
    channel: 'whatsapp',
    via: 'whatsapp_button',
    messageSid: 'SM1',
    linkId: null,
    at: '2026-03-02T08:00:00.000Z',
    shown: { text: 'Remplacement écran : 249,00 €', amountEur: 249, notificationId: 'n1' },
    customerId: null,
    clientId: 'c1',
    staffTodo: false,
    staffPriority: 2,
    handledAt: null,
    handledBy: null,
    ...overrides,
  };
}

const ACCEPTED: TicketDecisionFields = {
  id: 't1',
  quoteDecision: 'accepted',
  quoteDecidedAt: '2026-03-02T08:00:00.000Z',
  quoteDecisionAmountEur: 249,
  quoteDecisionActionId: 'sid_SM1',
  pickupPlannedFor: null,
  callbackRequestedAt: '2026-03-02T08:30:00.000Z',
  appointmentConfirmedAt: null,
  appointmentChangeRequestedAt: null,
  lastCustomerActionAt: '2026-03-02T08:30:00.000Z',
};

const LOG = {
  ticket: ACCEPTED,
  items: [
    entry({
      id: 'sid_SM3',
      action: 'call_me',
      messageSid: 'SM3',
      at: '2026-03-02T08:30:00.000Z',
      staffTodo: true,
      staffPriority: 0,
      shown: { text: '', amountEur: null, notificationId: null },
    }),
    entry({
      id: 'web_L1_n1',
      action: 'quote_decline',
      outcome: 'refused',
      reason: 'quote_already_decided',
      reasonText: 'Le devis a déjà reçu une réponse.',
      channel: 'web',
      via: 'web',
      messageSid: null,
      linkId: 'L1',
      at: '2026-03-02T08:10:00.000Z',
    }),
    entry({}),
  ],
};

function renderActions(ticket: TicketDecisionFields, routes: FakeRoutes, locale?: 'fr' | 'en') {
  signedIn();
  return renderPage(<TicketActions ticket={ticket} />, { routes, ...(locale ? { locale } : {}) });
}

describe('the customer responses on the ticket panel', () => {
  it('says the quote was accepted, when, on which channel and for how much; an open callback', async () => {
    renderActions(ACCEPTED, { [ROUTE]: () => LOG });
    expect(
      await screen.findByText('Devis accepté le 02/03/2026 09:00 via WhatsApp, 249,00 €'),
    ).toBeTruthy();
    expect(screen.getByText('Rappel demandé le 02/03/2026 09:30 : à rappeler')).toBeTruthy();
  });

  it('shows the log with its proof: channel, message SID or link, time, the wording shown, the refusal', async () => {
    const user = userEvent.setup();
    renderActions(ACCEPTED, { [ROUTE]: () => LOG });
    const toggle = await screen.findByRole('button', { name: 'Journal des réponses (3)' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const log = screen.getByRole('list', { name: 'Journal des réponses du client' });
    // Text as read (the currency's no-break space as a space).
    const rows = within(log)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\s+/g, ' '));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Demande à être rappelé · WhatsApp · 02/03/2026 09:30');
    expect(rows[0]).toContain('message SM3');
    expect(rows[0]).toContain('à traiter');
    expect(rows[1]).toContain('Devis refusé · la page de suivi · 02/03/2026 09:10');
    expect(rows[1]).toContain('refusé : Le devis a déjà reçu une réponse.');
    expect(rows[1]).toContain('lien L1');
    expect(rows[2]).toContain('Devis accepté · WhatsApp · 02/03/2026 09:00 · pris en compte');
    expect(rows[2]).toContain('Texte affiché : « Remplacement écran : 249,00 € » (249,00 €)');
  });

  it('highlights a declined quote: staff decide what comes next', async () => {
    const declined = {
      ...ACCEPTED,
      quoteDecision: 'declined' as const,
      quoteDecisionActionId: 'web_L1_n1',
      callbackRequestedAt: null,
    };
    renderActions(declined, {
      [ROUTE]: () => ({
        ticket: declined,
        items: [entry({ id: 'web_L1_n1', action: 'quote_decline', channel: 'web', via: 'web' })],
      }),
    });
    const line = await screen.findByText(
      'Devis refusé le 02/03/2026 09:00 via la page de suivi, 249,00 €',
    );
    const box = line.closest('li') as HTMLElement;
    expect(box.className).toBe('decision-declined');
    expect(box.textContent).toContain('à vous de décider de la suite');
  });

  it('shows the planned pickup day and a callback already handled', async () => {
    const ticket = {
      id: 't2',
      pickupPlannedFor: '2026-03-03',
      callbackRequestedAt: '2026-03-02T08:30:00.000Z',
      lastCustomerActionAt: '2026-03-02T08:30:00.000Z',
    };
    renderActions(ticket, {
      [ROUTE]: () => ({
        ticket,
        items: [
          entry({
            id: 'sid_SM4',
            action: 'call_me',
            handledAt: '2026-03-02T10:00:00.000Z',
            handledBy: 'staff-1',
          }),
        ],
      }),
    });
    expect(await screen.findByText('Retrait prévu le mardi 3 mars 2026')).toBeTruthy();
    expect(
      screen.getByText('Rappel demandé le 02/03/2026 09:30, traité le 02/03/2026 11:00'),
    ).toBeTruthy();
    expect(screen.queryByText(/à rappeler/)).toBeNull();
  });

  it('reads nothing for a ticket the customer never answered until the log is opened', async () => {
    const user = userEvent.setup();
    const { calls } = renderActions({ id: 't3' }, { [ROUTE]: () => ({ ticket: {}, items: [] }) });
    const toggle = screen.getByRole('button', { name: 'Journal des réponses du client' });
    expect(calls).toEqual([]);
    await user.click(toggle);
    await waitFor(() =>
      expect(calls.map((c) => c.path)).toEqual(['/api/staff/tickets/t3/actions']),
    );
    expect(await screen.findByRole('button', { name: 'Journal des réponses (0)' })).toBeTruthy();
  });

  it('shows an error with a retry when the log cannot be read', async () => {
    const user = userEvent.setup();
    let fail = true;
    renderActions(ACCEPTED, {
      [ROUTE]: () =>
        fail ? [503, { error: { code: 'unavailable', message: 'Base indisponible.' } }] : LOG,
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Base indisponible.');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    expect(
      await screen.findByText('Devis accepté le 02/03/2026 09:00 via WhatsApp, 249,00 €'),
    ).toBeTruthy();
  });

  it('speaks English', async () => {
    renderActions(ACCEPTED, { [ROUTE]: () => LOG }, 'en');
    expect(
      await screen.findByText('Quote accepted on 02/03/2026, 09:00 via WhatsApp, €249.00'),
    ).toBeTruthy();
  });
});
