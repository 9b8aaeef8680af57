import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { UnreachableWorklist } from './unreachable-worklist.tsx';

const ROUTE = 'GET /api/staff/customers/unreachable';

const summary = (kind: 'client' | 'profile', id: string, name: string, phone: string | null) => ({
  kind,
  id,
  clientId: kind === 'client' ? id : null,
  customerId: kind === 'profile' ? id : null,
  name,
  phone,
  email: null,
  registered: kind === 'profile',
});

const FIRST = {
  items: [
    {
      customer: summary('client', 'c3', 'Chloé Fixe', '01 42 68 53 00'),
      openTickets: 2,
      ticket: {
        id: 't3a',
        device: 'iPhone 12',
        status: 'completed',
        trackingCode: 'OM-1',
        createdAt: '2026-01-05T09:00:00.000Z',
      },
      reachable: [],
      reasons: [
        {
          code: 'no_channel',
          channels: ['email', 'whatsapp', 'sms', 'push'],
          action: 'ask_mobile',
        },
        { code: 'landline', channels: ['sms'], action: 'ask_mobile' },
      ],
    },
    {
      customer: summary('client', 'c5', 'Emma Stop', '06 55 44 33 22'),
      openTickets: 0,
      ticket: null,
      reachable: ['email'],
      reasons: [{ code: 'provider_held', channels: ['sms'], action: 'ask_start' }],
    },
  ],
  nextCursor: 'next-1',
  scanned: 8,
  documentsRead: 30,
  coverage: { customersTotal: 260, reachableAny: 208, unreachable: 52 },
};

const SECOND = {
  items: [
    {
      customer: summary('profile', 'p9', 'Zoé Marque', '06 11 22 33 44'),
      openTickets: 0,
      ticket: null,
      reachable: [],
      reasons: [
        {
          code: 'no_channel',
          channels: ['email', 'whatsapp', 'sms', 'push'],
          action: 'ask_mobile',
        },
        {
          code: 'phone_marked',
          channels: ['whatsapp', 'sms'],
          action: 'check_number',
          markStatus: 'invalid',
        },
      ],
    },
  ],
  nextCursor: null,
  scanned: 3,
  documentsRead: 9,
  coverage: null,
};

describe('the "who can\'t we reach?" worklist', () => {
  it('shows the count, each customer’s reasons in plain French and what to do at the counter', async () => {
    signedIn();
    renderPage(<UnreachableWorklist />, { routes: { [ROUTE]: () => FIRST } });
    expect(await screen.findByText('52 clients injoignables')).toBeTruthy();
    expect(screen.getByText(/sur 260 clients : couverture 80\s?%/)).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Qui ne pouvons-nous pas joindre ?' });
    const [chloe, emma] = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.parentElement === list);
    if (!chloe || !emma) throw new Error('two rows expected');
    expect(within(chloe).getByRole('link', { name: 'Chloé Fixe' }).getAttribute('href')).toBe(
      '/customers/client/c3',
    );
    expect(chloe.textContent).toContain('Ticket « Terminé » depuis le');
    expect(chloe.textContent).toContain('2 tickets en cours');
    expect(chloe.textContent).toContain('Aucun canal ne le joint');
    expect(chloe.textContent).toContain('Le numéro est une ligne fixe : pas de SMS.');
    // The same action for two reasons is said once.
    expect(chloe.textContent?.match(/Demander un numéro de portable/g)).toHaveLength(1);
    // A Twilio-held STOP: the customer's START, never a tick at the counter.
    expect(emma.textContent).toContain('A répondu STOP (SMS) : bloqué chez Twilio.');
    expect(emma.textContent).toContain('qu’il envoie START depuis son téléphone');
    expect(emma.textContent).not.toContain('enregistrer sur sa fiche');
    expect(emma.textContent).toContain('Pas de ticket en cours');
    expect(emma.textContent).toContain('Joignable par : E-mail');
  });

  it('reads the next page with the cursor and adds its customers', async () => {
    signedIn();
    const user = userEvent.setup();
    const { calls } = renderPage(<UnreachableWorklist />, {
      routes: { [ROUTE]: (call) => (call.query.cursor === 'next-1' ? SECOND : FIRST) },
    });
    await user.click(await screen.findByRole('button', { name: 'Afficher la suite' }));
    expect(await screen.findByRole('link', { name: 'Zoé Marque' })).toBeTruthy();
    expect(screen.getByText('Twilio a signalé ce numéro (numéro invalide).')).toBeTruthy();
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Chloé Fixe',
      'Emma Stop',
      'Zoé Marque',
    ]);
    expect(screen.queryByRole('button', { name: 'Afficher la suite' })).toBeNull();
    expect(calls.map((c) => c.query)).toEqual([{ limit: '20' }, { limit: '20', cursor: 'next-1' }]);
    // The count stays the first page's.
    expect(screen.getByText('52 clients injoignables')).toBeTruthy();
  });

  it('says so when nobody is left to reach, in English too', async () => {
    signedIn();
    renderPage(<UnreachableWorklist />, {
      routes: {
        [ROUTE]: () => ({
          items: [],
          nextCursor: null,
          scanned: 4,
          documentsRead: 9,
          coverage: { customersTotal: 4, reachableAny: 4, unreachable: 0 },
        }),
      },
      locale: 'en',
    });
    expect(
      await screen.findByText('Nobody to follow up: every customer can be notified.'),
    ).toBeTruthy();
    expect(screen.getByText('0 unreachable customers')).toBeTruthy();
  });
});
