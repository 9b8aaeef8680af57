import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useSettings } from '../api/hooks.ts';
import { renderPage, signedIn } from '../testing/render.tsx';
import { SenderHealthNotice } from './sender-health-notice.tsx';

/** The notice, and a marker once the settings it reads have arrived. */
function WithLoaded() {
  const loaded = useSettings().data !== undefined;
  return (
    <>
      <SenderHealthNotice />
      {loaded ? <p>chargé</p> : null}
    </>
  );
}

const settings = (whatsappSender: unknown) => ({
  channelsEnabled: { email: true, sms: true, whatsapp: true, push: true },
  whatsappSender,
  issues: [],
});

describe('the overview notice of the WhatsApp sender', () => {
  it('says WhatsApp is offline and messages go by SMS, with Twilio’s reason', async () => {
    signedIn();
    renderPage(<SenderHealthNotice />, {
      routes: {
        'GET /api/staff/settings': () =>
          settings({
            status: 'OFFLINE',
            qualityRating: 'HIGH',
            available: false,
            cause: 'offline',
            offlineReasons: [{ code: '63112', message: 'Compte WhatsApp désactivé par Meta' }],
            checkedAt: '2026-03-02T09:15:00.000Z',
            since: '2026-03-02T09:00:00.000Z',
          }),
      },
    });
    const notice = await screen.findByRole('status');
    expect(notice.textContent).toContain('WhatsApp est hors ligne.');
    expect(notice.textContent).toContain('Les messages WhatsApp partent par SMS');
    expect(notice.textContent).toContain('Twilio : OFFLINE, qualité HIGH');
    expect(notice.textContent).toContain('Compte WhatsApp désactivé par Meta');
  });

  it('says when the number is flagged (quality LOW)', async () => {
    signedIn();
    renderPage(<SenderHealthNotice />, {
      routes: {
        'GET /api/staff/settings': () =>
          settings({
            status: 'ONLINE',
            qualityRating: 'LOW',
            available: false,
            cause: 'flagged',
            offlineReasons: null,
            checkedAt: '2026-03-02T09:15:00.000Z',
            since: '2026-03-02T09:15:00.000Z',
          }),
      },
    });
    expect((await screen.findByRole('status')).textContent).toContain('signalé par Meta');
  });

  it.each([
    ['online', { status: 'ONLINE', qualityRating: 'HIGH', available: true, cause: null }],
    ['never checked', null],
  ])('shows nothing while the sender is %s', async (_name, whatsappSender) => {
    signedIn();
    renderPage(<WithLoaded />, {
      routes: { 'GET /api/staff/settings': () => settings(whatsappSender) },
    });
    expect(await screen.findByText('chargé')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
