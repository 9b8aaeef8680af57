import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { ConversationsPage } from './conversations-page.tsx';

const list = {
  items: [
    {
      e164: '+33600000003',
      channel: 'whatsapp',
      customerId: null,
      clientId: 'c1',
      name: 'Jean Martin',
      lastInboundAt: '2026-03-02T08:00:00.000Z',
      lastOutboundAt: null,
      lastMessagePreview: 'Mon écran est encore noir',
      unread: 1,
      escalatedAt: '2026-03-02T08:00:01.000Z',
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

function thread(open: boolean, providerHeld: string[] = []) {
  return {
    providerHeld,
    conversation: { ...list.items[0], unread: 0 },
    messages: [
      {
        id: 'SM1',
        direction: 'inbound',
        channel: 'whatsapp',
        body: 'Mon écran est encore noir',
        at: '2026-03-02T08:00:00.000Z',
        intent: null,
        notificationId: null,
        actor: null,
      },
    ],
    window: { open, closesAt: open ? '2026-03-03T08:00:00.000Z' : null },
    templates: [
      { kind: 'staff_urgent', approval: 'approved', usable: true },
      { kind: 'reply_hours', approval: 'pending', usable: false },
    ],
  };
}

describe('conversations', () => {
  it('after a STOP Twilio holds on the channel, says the customer must send START and sends nothing', async () => {
    signedIn();
    const { calls } = renderPage(<ConversationsPage />, {
      routes: {
        'GET /api/staff/conversations': () => list,
        'GET /api/staff/actions/todo': () => ({ items: [] }),
        'GET /api/staff/conversations/:e164': () => thread(true, ['whatsapp']),
        'POST /api/staff/conversations/:e164/read': () => ({ ok: true }),
      },
    });
    const buttons = await screen.findAllByRole('button', { name: /Jean Martin|\+33600000001/ });
    fireEvent.click(buttons[0] as HTMLElement);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /répondu STOP par WhatsApp.*envoyé START lui-même/,
    );
    fireEvent.change(screen.getByLabelText('Votre réponse'), { target: { value: 'Bonjour' } });
    const send = screen.getByRole('button', { name: 'Envoyer' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(calls.some((c) => c.path.endsWith('/reply'))).toBe(false);
  });

  it('lists escalated first and replies with free text while the window is open', async () => {
    signedIn();
    const { calls } = renderPage(<ConversationsPage />, {
      routes: {
        'GET /api/staff/conversations': () => list,
        'GET /api/staff/actions/todo': () => ({ items: [] }),
        'GET /api/staff/conversations/:e164': () => thread(true),
        'POST /api/staff/conversations/:e164/read': () => ({ ok: true }),
        'POST /api/staff/conversations/:e164/reply': () => ({
          notificationId: 'reply_1',
          providerId: 'SM2',
          status: 'queued',
          mode: 'free_text',
        }),
      },
    });
    const buttons = await screen.findAllByRole('button', { name: /Jean Martin|\+33600000001/ });
    expect(buttons[0]?.textContent).toContain('À traiter');
    fireEvent.click(buttons[0] as HTMLElement);
    expect(await screen.findByText(/Fenêtre WhatsApp ouverte jusqu’à/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Votre réponse'), {
      target: { value: 'Passez quand vous voulez.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path.endsWith('/reply'))?.body).toEqual({
        mode: 'free_text',
        body: 'Passez quand vous voulez.',
      }),
    );
    expect(await screen.findByText('Réponse envoyée.')).toBeTruthy();
  });

  it('sends one Idempotency-Key per click, the same on its automatic retry; the button waits', async () => {
    signedIn();
    let answers = 0;
    let release: () => void = () => {};
    const { calls } = renderPage(<ConversationsPage />, {
      routes: {
        'GET /api/staff/conversations': () => list,
        'GET /api/staff/actions/todo': () => ({ items: [] }),
        'GET /api/staff/conversations/:e164': () => thread(true),
        'POST /api/staff/conversations/:e164/read': () => ({ ok: true }),
        'POST /api/staff/conversations/:e164/reply': async () => {
          answers++;
          // The first request gets no answer (the network dropped after the API sent it).
          if (answers === 1) throw new TypeError('Failed to fetch');
          if (answers === 2) await new Promise<void>((resolve) => (release = resolve));
          return {
            notificationId: 'reply_1',
            providerId: 'SM2',
            status: 'queued',
            mode: 'free_text',
          };
        },
      },
    });
    fireEvent.click(
      (await screen.findAllByRole('button', { name: /Jean Martin/ }))[0] as HTMLElement,
    );
    const box = await screen.findByLabelText('Votre réponse');
    fireEvent.change(box, { target: { value: 'Passez quand vous voulez.' } });
    const send = screen.getByRole('button', { name: 'Envoyer' }) as HTMLButtonElement;
    fireEvent.click(send);
    fireEvent.click(send); // a double click before the button re-renders: still one send
    const replies = () => calls.filter((c) => c.path.endsWith('/reply'));
    await waitFor(() => expect(replies()).toHaveLength(2), { timeout: 3_000 });
    expect(send.disabled).toBe(true); // in flight during the retry
    release();
    expect(await screen.findByText('Réponse envoyée.')).toBeTruthy();
    const [first, retry] = replies().map((c) => c.headers['idempotency-key']);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry).toBe(first);

    fireEvent.change(box, { target: { value: 'Et un autre message.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(replies()).toHaveLength(3));
    expect(replies()[2]?.headers['idempotency-key']).not.toBe(first);
  });

  it('offers only approved templates once the window is closed', async () => {
    signedIn();
    const { calls } = renderPage(<ConversationsPage />, {
      routes: {
        'GET /api/staff/conversations': () => list,
        'GET /api/staff/actions/todo': () => ({ items: [] }),
        'GET /api/staff/conversations/:e164': () => thread(false),
        'POST /api/staff/conversations/:e164/read': () => ({ ok: true }),
        'POST /api/staff/conversations/:e164/reply': () => ({
          notificationId: 'reply_1',
          providerId: 'SM2',
          status: 'queued',
          mode: 'template',
        }),
      },
    });
    fireEvent.click(
      (await screen.findAllByRole('button', { name: /Jean Martin/ }))[0] as HTMLElement,
    );
    expect(await screen.findByText(/Fenêtre WhatsApp fermée/)).toBeTruthy();
    const select = screen.getByLabelText('Modèle approuvé') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'staff_urgent']);
    fireEvent.change(select, { target: { value: 'staff_urgent' } });
    fireEvent.change(screen.getByLabelText('Message (modèle urgent)'), {
      target: { value: 'Votre pièce est arrivée.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path.endsWith('/reply'))?.body).toEqual({
        mode: 'template',
        kind: 'staff_urgent',
        staffMessage: 'Votre pièce est arrivée.',
      }),
    );
  });

  it('shows an empty inbox', async () => {
    signedIn();
    renderPage(<ConversationsPage />, {
      routes: {
        'GET /api/staff/conversations': () => ({ items: [] }),
        'GET /api/staff/actions/todo': () => ({ items: [] }),
      },
    });
    expect(await screen.findByText('Aucune conversation.')).toBeTruthy();
  });
});
