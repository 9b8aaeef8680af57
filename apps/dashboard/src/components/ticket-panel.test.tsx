import { consentWording } from '@omega/templates';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Call, FakeRoutes } from '../testing/render.tsx';
import { renderPage, signedIn } from '../testing/render.tsx';
import { TicketPanel } from './ticket-panel.tsx';

const TICKET = {
  id: 't1',
  device: 'iPhone 13',
  status: 'received',
  trackingCode: 'OM-2603-0001',
  amountDueEur: null,
};

const ROUTE = 'POST /api/staff/tickets/:ticketId/counter-consent';
const recorded = {
  result: { records: 1, suppressionLifted: false, suppressionKept: null },
  detail: { summary: { kind: 'client', id: 'c1' } },
};

function renderPanel(routes: FakeRoutes, locale: 'fr' | 'en' = 'fr') {
  signedIn();
  return renderPage(<TicketPanel ticket={TICKET} />, { routes, locale });
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST').map((c) => c.body);

/** A route answer the test releases when it wants (to see the loading state). */
function held() {
  let release: (value: unknown) => void = () => {};
  const answer = new Promise((resolve) => {
    release = resolve;
  });
  return { answer, release };
}

describe('counter consent on the ticket panel', () => {
  it('shows the CNIL wording of SMS and WhatsApp, both unticked, and records nothing unticked', async () => {
    const user = userEvent.setup();
    const { calls } = renderPanel({ [ROUTE]: () => recorded });
    await user.click(screen.getByRole('button', { name: 'Accord au comptoir' }));
    const form = screen.getByRole('form', { name: 'Accord donné au comptoir pour ce ticket' });
    const sms = within(form).getByRole('checkbox', { name: 'Le client accepte : SMS' });
    const whatsapp = within(form).getByRole('checkbox', { name: 'Le client accepte : WhatsApp' });
    expect([(sms as HTMLInputElement).checked, (whatsapp as HTMLInputElement).checked]).toEqual([
      false,
      false,
    ]);
    // The words read out are the templates' CNIL wording, tied to each checkbox.
    const smsWords = consentWording('sms', { locale: 'fr', granted: true });
    expect(sms.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      document.getElementById(sms.getAttribute('aria-describedby') ?? '')?.textContent,
    ).toContain(smsWords.text);
    expect(within(form).getByText(/J'accepte de recevoir sur WhatsApp/)).toBeTruthy();
    const save = within(form).getByRole('button', { name: 'Enregistrer l’accord au comptoir' });
    expect(save.getAttribute('aria-disabled')).toBe('true');
    await user.click(save);
    expect(posts(calls)).toEqual([]);
  });

  it('is keyboard-usable: open, tick SMS, save; shows saving, then the success', async () => {
    const user = userEvent.setup();
    const hold = held();
    const { calls } = renderPanel({ [ROUTE]: () => hold.answer });
    // Tab order: Chronologie, Accord au comptoir.
    await user.tab();
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Accord au comptoir');
    await user.keyboard('{Enter}');
    expect(
      screen.getByRole('button', { name: 'Accord au comptoir' }).getAttribute('aria-expanded'),
    ).toBe('true');
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('checkbox', { name: 'Le client accepte : SMS' }),
    );
    await user.keyboard(' ');
    await user.tab(); // WhatsApp stays unticked
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Enregistrer l’accord au comptoir');
    await user.keyboard('{Enter}');

    await screen.findByRole('button', { name: 'Enregistrement…' });
    expect(
      screen.getByRole('form', { name: /Accord donné au comptoir/ }).getAttribute('aria-busy'),
    ).toBe('true');
    expect(posts(calls)).toEqual([
      { channels: { sms: true }, wordingVersion: { sms: 'optin-sms-fr-2026-01' } },
    ]);
    hold.release(recorded);
    expect((await screen.findByRole('status')).textContent).toBe('Accord enregistré : SMS.');
    const sms = screen.getByRole('checkbox', { name: 'Le client accepte : SMS' });
    expect((sms as HTMLInputElement).checked).toBe(false);
    // The focus stayed on the button (aria-disabled, not disabled, now that nothing is ticked).
    expect(document.activeElement?.textContent).toBe('Enregistrer l’accord au comptoir');
    expect(posts(calls)).toHaveLength(1);
  });

  it('records SMS and WhatsApp in one request, each channel with the version of its own words', async () => {
    const user = userEvent.setup();
    const { calls } = renderPanel({ [ROUTE]: () => recorded });
    await user.click(screen.getByRole('button', { name: 'Accord au comptoir' }));
    await user.click(screen.getByRole('checkbox', { name: 'Le client accepte : SMS' }));
    await user.click(screen.getByRole('checkbox', { name: 'Le client accepte : WhatsApp' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer l’accord au comptoir' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'Accord enregistré : SMS, WhatsApp.',
    );
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([
      '/api/staff/tickets/t1/counter-consent',
    ]);
    expect(posts(calls)).toEqual([
      {
        channels: { sms: true, whatsapp: true },
        wordingVersion: {
          sms: 'optin-sms-fr-2026-01',
          whatsapp: 'optin-whatsapp-fr-2026-01',
        },
      },
    ]);
  });

  it('on an error shows it, keeps the ticks, and a retry sends the same consent again', async () => {
    const user = userEvent.setup();
    let fail = true;
    const { calls } = renderPanel({
      [ROUTE]: () =>
        fail
          ? [409, { error: { code: 'no_customer', message: 'Ce ticket n’a ni client ni compte.' } }]
          : recorded,
    });
    await user.click(screen.getByRole('button', { name: 'Accord au comptoir' }));
    await user.click(screen.getByRole('checkbox', { name: 'Le client accepte : WhatsApp' }));
    await user.click(screen.getByRole('button', { name: 'Enregistrer l’accord au comptoir' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Ce ticket n’a ni client ni compte.',
    );
    expect(screen.queryByRole('status')).toBeNull();
    const whatsapp = screen.getByRole('checkbox', { name: 'Le client accepte : WhatsApp' });
    expect((whatsapp as HTMLInputElement).checked).toBe(true);

    fail = false;
    await user.click(screen.getByRole('button', { name: 'Enregistrer l’accord au comptoir' }));
    expect((await screen.findByRole('status')).textContent).toBe('Accord enregistré : WhatsApp.');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(posts(calls)).toEqual([
      { channels: { whatsapp: true }, wordingVersion: { whatsapp: 'optin-whatsapp-fr-2026-01' } },
      { channels: { whatsapp: true }, wordingVersion: { whatsapp: 'optin-whatsapp-fr-2026-01' } },
    ]);
  });

  it('in English shows the English wording and records its version', async () => {
    const user = userEvent.setup();
    const { calls } = renderPanel({ [ROUTE]: () => recorded }, 'en');
    await user.click(screen.getByRole('button', { name: 'Counter consent' }));
    expect(screen.getByText(/I agree to receive SMS updates/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'The customer agrees: SMS' }));
    await user.click(screen.getByRole('button', { name: 'Record the counter consent' }));
    expect((await screen.findByRole('status')).textContent).toBe('Consent recorded: SMS.');
    expect(posts(calls)).toEqual([
      { channels: { sms: true }, wordingVersion: { sms: 'optin-sms-en-2026-01' } },
    ]);
  });
});
