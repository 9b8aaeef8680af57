import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { CustomerDetailPage } from './customer-detail-page.tsx';

function detail(smsGranted: boolean, smsStop = false) {
  const channel = (c: string, granted: boolean, reachable: boolean, reason: string | null) => ({
    channel: c,
    granted,
    explicit: c === 'sms' && smsGranted,
    since: c === 'sms' && smsGranted ? '2026-03-02T09:00:00.000Z' : null,
    source: c === 'sms' && smsGranted ? 'counter' : 'default',
    basis: granted ? 'consent' : null,
    reachable,
    reason,
    providerOptOut: c === 'sms' && smsStop,
  });
  return {
    summary: {
      kind: 'client',
      id: 'c1',
      clientId: 'c1',
      customerId: null,
      name: 'Jean Martin',
      phone: '06 12 34 56 78',
      email: null,
      registered: false,
    },
    locale: 'fr',
    channels: [
      channel('email', false, false, "Pas d'adresse e-mail."),
      channel(
        'whatsapp',
        false,
        false,
        "Le client n'a pas donné (ou a retiré) son accord pour ce canal.",
      ),
      channel('sms', smsGranted, true, null),
      channel('push', false, false, "Pas d'appareil enregistré pour les notifications push."),
    ],
    consentHistory: smsGranted
      ? [
          {
            id: 'r1',
            channel: 'sms',
            granted: true,
            at: '2026-03-02T09:00:00.000Z',
            source: 'counter',
            actor: 'staff-1',
            wordingVersion: 'optin-sms-fr-2026-01',
            scope: 'channel',
          },
        ]
      : [],
    phones: [
      {
        source: 'client',
        raw: '06 12 34 56 78',
        e164: '+33612345678',
        valid: true,
        type: 'mobile',
        smsCapable: true,
        zone: 'fr_metro',
        error: null,
        mark: null,
        suppression: smsStop
          ? { scope: 'sms', reason: 'opt_out_keyword', at: null, providerHeld: ['sms'] }
          : null,
      },
    ],
    tickets: [],
    history: [
      {
        id: 'n1',
        ticketId: 't1',
        customerId: null,
        clientId: 'c1',
        channel: 'whatsapp',
        kind: 'status_diagnosing',
        priority: 'normal',
        status: 'skipped',
        to: null,
        skipReason: 'no_basis',
        reasonText: 'Client sans compte : il faut son accord.',
        createdAt: '2026-03-02T09:00:00.000Z',
        sentAt: null,
        deliveredAt: null,
        notBefore: null,
        errorCode: null,
        errorMessage: null,
        attempts: 0,
        costEur: null,
        segments: null,
        planSkips: {},
        timeline: [
          {
            status: 'skipped',
            at: '2026-03-02T09:00:00.000Z',
            source: 'pipeline',
            detail: 'no_basis',
          },
        ],
        origin: null,
      },
    ],
    whatsappWindow: { open: false, closesAt: null },
  };
}

describe('customer detail', () => {
  it('shows channels with the reasons, the phone and the "why not sent" of a skipped message', async () => {
    signedIn();
    renderPage(<CustomerDetailPage />, {
      routes: { 'GET /api/staff/customers/:kind/:id': () => detail(false) },
      path: '/customers/client/c1',
      pattern: '/customers/:kind/:id',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Jean Martin' })).toBeTruthy();
    const row = screen.getByRole('row', { name: /WhatsApp/ });
    expect(within(row).getByText(/accord pour ce canal/)).toBeTruthy();
    expect(screen.getByText('+33612345678')).toBeTruthy();
    expect(screen.getByText(/Pourquoi non envoyé : Client sans compte/)).toBeTruthy();
    expect(
      screen.getByText('Aucun enregistrement : les valeurs par défaut s’appliquent.'),
    ).toBeTruthy();
  });

  it('captures SMS consent at the counter with the CNIL wording and its version', async () => {
    signedIn();
    const user = userEvent.setup();
    const { calls } = renderPage(<CustomerDetailPage />, {
      routes: {
        'GET /api/staff/customers/:kind/:id': () => detail(false),
        'POST /api/staff/customers/:kind/:id/consent': () => ({
          result: { records: 1, suppressionLifted: false, suppressionKept: null },
          detail: detail(true),
        }),
      },
      path: '/customers/client/c1',
      pattern: '/customers/:kind/:id',
    });
    const toggle = await screen.findByRole('checkbox', { name: /Modifier : SMS/ });
    await user.click(toggle);
    expect(screen.getByText(/J'accepte de recevoir par SMS/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Enregistrer l’accord' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      changes: [{ channel: 'sms', granted: true }],
      source: 'counter',
      wordingVersion: 'optin-sms-fr-2026-01',
    });
    // The answer replaces the page's data: the log shows the new record, the dialog closes.
    expect(await screen.findByText('optin-sms-fr-2026-01')).toBeTruthy();
    expect(screen.queryByText(/J'accepte de recevoir par SMS/)).toBeNull();
  });

  it('records a withdrawal "on request" when staff pick that source', async () => {
    signedIn();
    const { calls } = renderPage(<CustomerDetailPage />, {
      routes: {
        'GET /api/staff/customers/:kind/:id': () => detail(true),
        'POST /api/staff/customers/:kind/:id/consent': () => ({
          result: { records: 1, suppressionLifted: false, suppressionKept: null },
          detail: detail(false),
        }),
      },
      path: '/customers/client/c1',
      pattern: '/customers/:kind/:id',
    });
    fireEvent.click(await screen.findByRole('checkbox', { name: /Modifier : SMS/ }));
    fireEvent.click(screen.getByRole('radio', { name: /Sur demande/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer le retrait' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        changes: [{ channel: 'sms', granted: false }],
        source: 'staff',
        wordingVersion: 'optout-sms-fr-2026-01',
      }),
    );
  });

  it('after an SMS STOP held by Twilio, says the customer must send START and offers no grant', async () => {
    signedIn();
    renderPage(<CustomerDetailPage />, {
      routes: { 'GET /api/staff/customers/:kind/:id': () => detail(false, true) },
      path: '/customers/client/c1',
      pattern: '/customers/:kind/:id',
    });
    const toggle = await screen.findByRole('checkbox', { name: /Modifier : SMS/ });
    expect((toggle as HTMLInputElement).disabled).toBe(true);
    const row = screen.getByRole('row', { name: /SMS/ });
    expect(within(row).getByText(/A répondu STOP .*envoyé START lui-même/)).toBeTruthy();
    expect(toggle.getAttribute('aria-describedby')).toBe('stop-sms');
    expect(screen.getByText(/STOP enregistré chez Twilio \(SMS\)/)).toBeTruthy();
    // WhatsApp is not held: staff can still record an accord there.
    const whatsapp = screen.getByRole('checkbox', { name: /Modifier : WhatsApp/ });
    expect((whatsapp as HTMLInputElement).disabled).toBe(false);
  });

  it('shows the API’s refusal of a grant Twilio would not honour', async () => {
    signedIn();
    const user = userEvent.setup();
    renderPage(<CustomerDetailPage />, {
      routes: {
        'GET /api/staff/customers/:kind/:id': () => detail(false),
        'POST /api/staff/customers/:kind/:id/consent': () => [
          409,
          {
            error: {
              code: 'provider_opt_out',
              message:
                'Le client a répondu STOP (SMS) : Twilio refuse tout message SMS vers ce numéro tant que le client n’a pas envoyé lui-même START.',
            },
          },
        ],
      },
      path: '/customers/client/c1',
      pattern: '/customers/:kind/:id',
    });
    await user.click(await screen.findByRole('checkbox', { name: /Modifier : SMS/ }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer l’accord' }));
    expect((await screen.findByRole('alert')).textContent).toContain('envoyé lui-même START');
  });

  it('shows the API’s error and a retry button', async () => {
    signedIn();
    renderPage(<CustomerDetailPage />, {
      routes: {
        'GET /api/staff/customers/:kind/:id': () => [
          404,
          { error: { code: 'not_found', message: 'Client introuvable.' } },
        ],
      },
      path: '/customers/client/zz',
      pattern: '/customers/:kind/:id',
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Client introuvable.');
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });
});
