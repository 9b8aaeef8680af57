import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type FormEvent, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { type ConsentRecorder, createConsentRecorder } from './consent-recorder.ts';
import { NotificationOptIn } from './notification-opt-in.tsx';
import { fakeFetch } from './test-fetch.ts';
import { useNotificationOptIn } from './use-notification-opt-in.ts';

/** A registration form like the shop's: it owns the submit button and creates the account first. */
function RegistrationForm({ record, log }: { record: ConsentRecorder; log: string[] }) {
  const optIn = useNotificationOptIn();
  const [done, setDone] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    log.push('account created');
    const result = await record(optIn.changes, { source: 'registration' });
    log.push('consent recorded');
    setDone(result.ok ? `${result.records} choix enregistrés` : result.error.code);
  }
  return (
    <form onSubmit={submit}>
      <label>
        E-mail du compte <input name="email" type="email" />
      </label>
      <NotificationOptIn {...optIn.props} />
      <button type="submit">Créer mon compte</button>
      <output>{done}</output>
    </form>
  );
}

function setup() {
  const { fetch, seen } = fakeFetch({ status: 200, json: { records: 3 } });
  const log: string[] = [];
  const record = createConsentRecorder({
    apiOrigin: 'https://api.omega.test',
    getIdToken: () => {
      // The customer's token only exists once the account is created.
      if (!log.includes('account created')) return null;
      return 'new-customer-token';
    },
    fetch,
  });
  render(<RegistrationForm record={record} log={log} />);
  return { seen, log };
}

describe('useNotificationOptIn in a host registration form', () => {
  it('records the defaults and the SMS opt-in after the account is created', async () => {
    const user = userEvent.setup();
    const { seen, log } = setup();
    await user.click(screen.getByRole('checkbox', { name: 'SMS' }));
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByText('3 choix enregistrés')).toBeTruthy();
    expect(log).toEqual(['account created', 'consent recorded']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.authorization).toBe('Bearer new-customer-token');
    expect(seen[0]?.body).toEqual({
      source: 'registration',
      changes: [
        { channel: 'email', granted: true, wordingVersion: 'optin-email-fr-2026-01' },
        { channel: 'sms', granted: true, wordingVersion: 'optin-sms-fr-2026-01' },
        { channel: 'push', granted: true, wordingVersion: 'optin-push-fr-2026-01' },
      ],
    });
  });

  it('an untouched form records no SMS or WhatsApp consent', async () => {
    const user = userEvent.setup();
    const { seen } = setup();
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    const body = seen[0]?.body as { changes: Array<{ channel: string }> };
    expect(body.changes.map((c) => c.channel)).toEqual(['email', 'push']);
  });
});

describe('useNotificationOptIn', () => {
  it('gives changes before any click, follows the boxes, and resets', () => {
    const { result } = renderHook(() => useNotificationOptIn({ channels: ['email', 'sms'] }));
    expect(result.current.changes.map((c) => c.channel)).toEqual(['email']);
    act(() =>
      result.current.props.onChange?.({ email: false, sms: true, whatsapp: true, push: true }, []),
    );
    expect(result.current.value).toEqual({ email: false, sms: true, whatsapp: true, push: true });
    expect(result.current.changes.map((c) => `${c.granted ? '+' : '-'}${c.channel}`)).toEqual([
      '-email',
      '+sms',
    ]);
    act(() => result.current.reset());
    expect(result.current.value).toEqual({ email: true, sms: false, whatsapp: false, push: true });
  });

  it('on a profile, starts from the recorded state with nothing to record', () => {
    const recorded = { email: false, sms: true, whatsapp: false, push: true };
    const { result } = renderHook(() => useNotificationOptIn({ recorded, locale: 'en' }));
    expect(result.current.value).toEqual(recorded);
    expect(result.current.changes).toEqual([]);
    expect(result.current.props.locale).toBe('en');
  });
});
