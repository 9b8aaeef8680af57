import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ConversationsPage } from '../pages/conversations-page.tsx';
import type { FakeRoutes } from '../testing/render.tsx';
import { renderPage, signedIn } from '../testing/render.tsx';

// "À traiter" on top of the conversations page: open tasks in the API's order (callbacks
// first), the customer, the ticket, the conversation marked in the list, and "Traité".

function task(overrides: Record<string, unknown>) {
  return {
    id: 'sid_SM3',
    ticketId: 't1',
    action: 'call_me',
    outcome: 'applied',
    reason: null,
    reasonText: null,
    channel: 'whatsapp',
    via: 'whatsapp_button',
    messageSid: 'SM3',
    linkId: null,
    at: '2026-03-02T08:30:00.000Z',
    shown: { text: '', amountEur: null, notificationId: null },
    customerId: null,
    clientId: 'c1',
    staffTodo: true,
    staffPriority: 0,
    handledAt: null,
    handledBy: null,
    customer: { kind: 'client', id: 'c1', name: 'Ana Devis' },
    ticket: { id: 't1', device: 'iPhone 13', trackingCode: 'OM-2603-0001', status: 'completed' },
    conversation: '+33612345678',
    ...overrides,
  };
}

const TASKS = [
  task({}),
  task({
    id: 'sid_SM9',
    action: 'quote_decline',
    outcome: 'refused',
    reason: 'other_customer',
    reasonText: "Le bouton ou le lien désigne la réparation d'un autre client : refusé.",
    at: '2026-03-01T18:00:00.000Z',
    staffPriority: 0,
    customer: { kind: 'profile', id: 'p2', name: 'Zoé Durand' },
    ticket: null,
    conversation: null,
  }),
  task({
    id: 'web_L2_n1',
    action: 'another_slot',
    channel: 'web',
    at: '2026-03-02T07:00:00.000Z',
    staffPriority: 1,
    customer: { kind: 'profile', id: 'p2', name: 'Zoé Durand' },
    ticket: { id: 't2', device: 'Galaxy S21', trackingCode: 'OM-2603-0002', status: 'in_repair' },
    conversation: null,
  }),
];

const CONVERSATIONS = {
  items: [
    {
      e164: '+33612345678',
      channel: 'whatsapp',
      customerId: null,
      clientId: 'c1',
      name: 'Ana Devis',
      lastInboundAt: '2026-03-02T08:30:00.000Z',
      lastOutboundAt: null,
      lastMessagePreview: 'Appelez-moi',
      unread: 0,
      escalatedAt: null,
      windowOpen: true,
    },
    {
      e164: '+33600000001',
      channel: 'whatsapp',
      customerId: null,
      clientId: null,
      name: null,
      lastInboundAt: '2026-03-01T08:00:00.000Z',
      lastOutboundAt: null,
      lastMessagePreview: 'Merci',
      unread: 0,
      escalatedAt: null,
      windowOpen: false,
    },
  ],
};

function renderInbox(routes: FakeRoutes) {
  signedIn();
  return renderPage(<ConversationsPage />, {
    routes: { 'GET /api/staff/conversations': () => CONVERSATIONS, ...routes },
  });
}

const section = () => screen.getByRole('region', { name: 'À traiter' });

describe('"À traiter" on the conversations page', () => {
  it('lists the open tasks callbacks first, with the customer, the ticket, and the refusal', async () => {
    renderInbox({ 'GET /api/staff/actions/todo': () => ({ items: TASKS, more: true }) });
    await screen.findByText('Demande à être rappelé');
    expect(screen.getByText(/D’autres demandes attendent/)).toBeTruthy();
    const rows = within(section())
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(rows[0]).toContain('Demande à être rappelé · Ana Devis · iPhone 13 · OM-2603-0001');
    expect(rows[1]).toContain('Devis refusé · Zoé Durand · ticket introuvable');
    expect(rows[1]).toContain("désigne la réparation d'un autre client");
    expect(rows[2]).toContain('Demande un autre créneau · Zoé Durand · Galaxy S21 · OM-2603-0002');
    const link = within(section()).getAllByRole('link', { name: 'Zoé Durand' })[0];
    expect(link?.getAttribute('href')).toBe('/customers/profile/p2');
    // The conversation with a task is marked in the list; the other is not.
    const [ana, other] = screen.getAllByRole('button', {
      name: /^(Ana Devis|\+33600000001)/,
    });
    expect(ana?.textContent).toContain('Demande à traiter');
    expect(other?.textContent).not.toContain('Demande à traiter');
  });

  it('"Traité" posts once, waits, then the task leaves the list', async () => {
    const user = userEvent.setup();
    let open = TASKS;
    let release: () => void = () => {};
    const { calls } = renderInbox({
      'GET /api/staff/actions/todo': () => ({ items: open }),
      'POST /api/staff/actions/:actionId/handled': async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        open = TASKS.slice(1);
        return { item: { ...TASKS[0], staffTodo: false }, alreadyHandled: false };
      },
    });
    const done = await screen.findByRole('button', {
      name: 'Traité : Demande à être rappelé, Ana Devis',
    });
    await user.click(done);
    const saving = within(section()).getByRole('button', { name: 'Enregistrement…' });
    expect((saving as HTMLButtonElement).disabled).toBe(true);
    await user.click(saving);
    release();
    await waitFor(() => expect(screen.queryByText('Demande à être rappelé')).toBeNull());
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.path)).toEqual(['/api/staff/actions/sid_SM3/handled']);
    expect(screen.queryByText('Demande à traiter')).toBeNull();
  });

  it('shows the error of a failed "Traité" on its row and lets it be tried again', async () => {
    const user = userEvent.setup();
    let fail = true;
    renderInbox({
      'GET /api/staff/actions/todo': () => ({ items: TASKS.slice(0, 1) }),
      'POST /api/staff/actions/:actionId/handled': () =>
        fail
          ? [409, { error: { code: 'not_a_task', message: 'Cette réponse ne demande rien.' } }]
          : { item: TASKS[0], alreadyHandled: true },
    });
    await user.click(await screen.findByRole('button', { name: /^Traité/ }));
    const alert = await within(section()).findByRole('alert');
    expect(alert.textContent).toContain('Cette réponse ne demande rien.');
    fail = false;
    const again = within(section()).getByRole('button', { name: /^Traité/ });
    expect((again as HTMLButtonElement).disabled).toBe(false);
    await user.click(again);
    await waitFor(() => expect(within(section()).queryByRole('alert')).toBeNull());
  });

  it('opens the task’s conversation', async () => {
    const user = userEvent.setup();
    renderInbox({
      'GET /api/staff/actions/todo': () => ({ items: TASKS.slice(0, 1) }),
      'GET /api/staff/conversations/:e164': () => ({
        providerHeld: [],
        conversation: CONVERSATIONS.items[0],
        messages: [],
        window: { open: true, closesAt: '2026-03-03T08:30:00.000Z' },
        templates: [],
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Ouvrir la conversation' }));
    expect(await screen.findByRole('heading', { name: /Ana Devis \+33612345678/ })).toBeTruthy();
  });

  it('says when nothing is waiting, and shows an error with a retry', async () => {
    renderInbox({ 'GET /api/staff/actions/todo': () => ({ items: [], more: false }) });
    expect(await screen.findByText('Rien à traiter.')).toBeTruthy();
    expect(screen.queryByText(/D’autres demandes attendent/)).toBeNull();
  });

  it('shows a list that cannot be read as an error with a retry', async () => {
    renderInbox({
      'GET /api/staff/actions/todo': () => [
        503,
        { error: { code: 'x', message: 'Indisponible.' } },
      ],
    });
    const alert = await within(await screen.findByRole('region', { name: 'À traiter' })).findByRole(
      'alert',
    );
    expect(alert.textContent).toContain('Indisponible.');
    expect(within(alert).getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });
});
