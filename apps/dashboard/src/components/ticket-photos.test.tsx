import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import { MessageMedia } from './conversation-media.tsx';
import { TicketPhotos } from './ticket-photos.tsx';

const LIST = 'GET /api/staff/tickets/:ticketId/photos';
const photo = (overrides: Record<string, unknown> = {}) => ({
  id: 'aaaaaaaaaaaaaaaaaaaa',
  label: 'diagnosis',
  width: 1600,
  height: 1067,
  size: 120_000,
  contentType: 'image/jpeg',
  original: { type: 'image/jpeg', size: 3_000_000 },
  createdAt: '2026-03-02T08:00:00.000Z',
  createdBy: 'staff-1',
  sendPending: false,
  sentWith: null,
  url: 'http://customer.test/m/token-a',
  ...overrides,
});
const LIMITS = {
  maxBytes: 10485760,
  types: ['image/jpeg'],
  labels: ['before', 'after', 'diagnosis'],
};

describe('ticket photos', () => {
  it('lists the photos with their label, uploads one with its label and a key, chooses one to send', async () => {
    signedIn();
    const user = userEvent.setup();
    const { calls } = renderPage(<TicketPhotos ticketId="t1" />, {
      routes: {
        [LIST]: () => ({
          photos: [
            photo(),
            photo({ id: 'bbbbbbbbbbbbbbbbbbbb', label: 'after', sendPending: true }),
          ],
          limits: LIMITS,
        }),
        'POST /api/staff/tickets/:ticketId/photos': () => [
          201,
          { photo: photo(), replayed: false },
        ],
        'POST /api/staff/tickets/:ticketId/photos/:photoId': () => ({
          photo: photo({ sendPending: true }),
        }),
      },
    });
    await user.click(screen.getByRole('button', { name: 'Photos' }));
    const images = await screen.findAllByRole('img');
    expect(images.map((i) => i.getAttribute('alt'))).toEqual([
      'Photo du ticket : Constaté au diagnostic',
      'Photo du ticket : Après la réparation',
    ]);
    expect(screen.getByText(/part avec le prochain message WhatsApp/)).toBeTruthy();

    const file = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'ecran.jpg', {
      type: 'image/jpeg',
    });
    await user.upload(screen.getByLabelText('Photo (JPEG, PNG ou WebP)'), file);
    await user.selectOptions(screen.getByLabelText('Ce que montre la photo'), 'before');
    await user.click(screen.getByRole('button', { name: 'Ajouter la photo' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/photos'))).toBe(true),
    );
    const uploadCall = calls.find((c) => c.method === 'POST' && c.path.endsWith('/photos'));
    expect(uploadCall?.query).toEqual({ label: 'before' });
    expect(uploadCall?.headers['content-type']).toBe('image/jpeg');
    expect(uploadCall?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    const first = screen.getAllByRole('listitem')[0] as HTMLElement;
    await user.click(
      within(first).getByRole('button', { name: 'Envoyer avec le prochain message WhatsApp' }),
    );
    await waitFor(() =>
      expect(calls.find((c) => c.path.endsWith('/photos/aaaaaaaaaaaaaaaaaaaa'))?.body).toEqual({
        send: true,
      }),
    );
  });

  it('refuses a file over 10 MB or of another type before sending it, with the reason', async () => {
    signedIn();
    const user = userEvent.setup({ applyAccept: false });
    const { calls } = renderPage(<TicketPhotos ticketId="t1" />, {
      routes: { [LIST]: () => ({ photos: [], limits: LIMITS }) },
    });
    await user.click(screen.getByRole('button', { name: 'Photos' }));
    expect(await screen.findByText('Aucune photo pour ce ticket.')).toBeTruthy();
    await user.upload(
      screen.getByLabelText('Photo (JPEG, PNG ou WebP)'),
      new File(['%PDF'], 'devis.pdf', { type: 'application/pdf' }),
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Format non pris en charge : JPEG, PNG ou WebP seulement.',
    );
    const big = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' });
    await user.upload(screen.getByLabelText('Photo (JPEG, PNG ou WebP)'), big);
    expect(screen.getByRole('alert').textContent).toBe('Photo trop lourde : 10 Mo au plus.');
    expect(
      (screen.getByRole('button', { name: 'Ajouter la photo' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it("shows the server's refusal as it gave it", async () => {
    signedIn();
    const user = userEvent.setup();
    renderPage(<TicketPhotos ticketId="t1" />, {
      routes: {
        [LIST]: () => ({ photos: [], limits: LIMITS }),
        'POST /api/staff/tickets/:ticketId/photos': () => [
          415,
          {
            error: {
              code: 'unreadable_image',
              message: 'Image illisible (fichier abîmé ou incomplet) : rien n’a été enregistré.',
            },
          },
        ],
      },
    });
    await user.click(screen.getByRole('button', { name: 'Photos' }));
    await user.upload(
      screen.getByLabelText('Photo (JPEG, PNG ou WebP)'),
      new File([new Uint8Array([0xff, 0xd8, 0xff])], 'x.jpg', { type: 'image/jpeg' }),
    );
    await user.click(screen.getByRole('button', { name: 'Ajouter la photo' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Image illisible');
  });
});

describe("a customer's photos in the conversation", () => {
  it('shows a stored photo and says why another was not stored', async () => {
    signedIn();
    renderPage(<MessageMedia e164="+33698765432" messageSid="MM1" />, {
      routes: {
        'GET /api/staff/conversations/:e164/media': () => ({
          messages: [
            {
              messageSid: 'MM1',
              at: '2026-03-02T08:00:00.000Z',
              media: [
                {
                  index: 0,
                  status: 'stored',
                  contentType: 'image/jpeg',
                  size: 1,
                  width: 1,
                  height: 1,
                  reason: null,
                  url: 'http://customer.test/m/x',
                },
                {
                  index: 1,
                  status: 'refused',
                  contentType: 'application/pdf',
                  size: null,
                  width: null,
                  height: null,
                  reason: {
                    code: 'unsupported_type',
                    message:
                      'Format non pris en charge (application/pdf) : JPEG, PNG ou WebP seulement.',
                  },
                  url: null,
                },
              ],
            },
          ],
        }),
      },
    });
    expect((await screen.findByRole('img')).getAttribute('src')).toBe('http://customer.test/m/x');
    expect(
      screen.getByText(
        'Média non enregistré (application/pdf) : Format non pris en charge (application/pdf) : JPEG, PNG ou WebP seulement.',
      ),
    ).toBeTruthy();
  });
});
