import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { MessagesPage } from './messages-page.tsx';

const item = (id: string, status: string) => ({
  id,
  ticketId: 't1',
  customerId: null,
  clientId: 'c1',
  channel: 'sms',
  kind: 'status_completed',
  priority: 'high',
  status,
  to: '+33612345678',
  skipReason: null,
  reasonText: null,
  createdAt: '2026-03-02T09:00:00.000Z',
  sentAt: null,
  deliveredAt: null,
  notBefore: null,
  errorCode: status === 'failed' ? 30006 : null,
  errorMessage: status === 'failed' ? 'Landline or unreachable carrier' : null,
  attempts: 1,
  costEur: 0.075,
  segments: 1,
  planSkips: {},
  timeline: [
    { status: 'planned', at: '2026-03-02T09:00:00.000Z', source: 'pipeline', detail: null },
    { status, at: '2026-03-02T09:00:03.000Z', source: 'callback', detail: null },
  ],
  origin: null,
});

describe('messages', () => {
  it('filters by channel and status and loads the next page with the cursor', async () => {
    signedIn();
    const { calls } = renderPage(<MessagesPage />, {
      routes: {
        'GET /api/staff/history': (c) =>
          c.query.cursor
            ? { items: [item('n3', 'delivered')], nextCursor: null }
            : { items: [item('n1', 'failed'), item('n2', 'delivered')], nextCursor: 'CUR' },
      },
    });
    expect(await screen.findByText(/Erreur 30006/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Charger plus' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(4));
    expect(calls.at(-1)?.query).toMatchObject({ cursor: 'CUR', limit: '25' });
    fireEvent.change(screen.getByLabelText('Canal'), { target: { value: 'sms' } });
    fireEvent.change(screen.getByLabelText('Statut'), { target: { value: 'failed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filtrer' }));
    await waitFor(() =>
      expect(calls.at(-1)?.query).toEqual({ channel: 'sms', status: 'failed', limit: '25' }),
    );
  });

  it('says when nothing matches', async () => {
    signedIn();
    renderPage(<MessagesPage />, {
      routes: { 'GET /api/staff/history': () => ({ items: [], nextCursor: null }) },
    });
    expect(await screen.findByText('Aucun message pour ces filtres.')).toBeTruthy();
  });
});
