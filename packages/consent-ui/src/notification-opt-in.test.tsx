import { consentWording } from '@omega/templates';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ConsentValues } from './channels.ts';
import type { ConsentChange } from './consent-changes.ts';
import { NotificationOptIn } from './notification-opt-in.tsx';

const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const summary = (changes: ConsentChange[]) =>
  changes.map((c) => `${c.granted ? '+' : '-'}${c.channel}:${c.wordingVersion}`);

describe('NotificationOptIn', () => {
  it('shows four boxes in a named group: SMS and WhatsApp unticked, email and push ticked', () => {
    render(<NotificationOptIn />);
    const group = screen.getByRole('group', {
      name: 'Être informé(e) du suivi de mes réparations',
    });
    expect(
      within(group)
        .getAllByRole('checkbox')
        .map((b) => [(b as HTMLInputElement).name, (b as HTMLInputElement).checked]),
    ).toEqual([
      ['notifications.email', true],
      ['notifications.sms', false],
      ['notifications.whatsapp', false],
      ['notifications.push', true],
    ]);
  });

  it.each(['email', 'sms', 'whatsapp', 'push'] as const)(
    '%s: its label, the full CNIL text as the box description, and the wording version',
    (channel) => {
      render(<NotificationOptIn />);
      const wording = consentWording(channel, { locale: 'fr', granted: true });
      const input = screen.getByRole('checkbox', {
        name: wording.label,
        description: wording.text,
      });
      expect(input.getAttribute('type')).toBe('checkbox');
      expect(screen.getByText(wording.text).tagName).toBe('P');
      expect(screen.getByText(`Texte ${wording.version}`)).toBeTruthy();
    },
  );

  it('toggles with the keyboard only and reports the changes to record', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn<(v: ConsentValues, c: ConsentChange[]) => void>();
    render(<NotificationOptIn onChange={onChange} />);
    await user.tab();
    expect(document.activeElement).toBe(box('E-mail'));
    await user.tab();
    expect(document.activeElement).toBe(box('SMS'));
    await user.keyboard(' ');
    expect(box('SMS').checked).toBe(true);
    expect(onChange).toHaveBeenLastCalledWith(
      { email: true, sms: true, whatsapp: false, push: true },
      expect.any(Array),
    );
    expect(summary(onChange.mock.lastCall?.[1] ?? [])).toEqual([
      '+email:optin-email-fr-2026-01',
      '+sms:optin-sms-fr-2026-01',
      '+push:optin-push-fr-2026-01',
    ]);
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(box("Notifications de l'application"));
    await user.keyboard(' ');
    expect(box("Notifications de l'application").checked).toBe(false);
    expect(summary(onChange.mock.lastCall?.[1] ?? [])).toEqual([
      '+email:optin-email-fr-2026-01',
      '+sms:optin-sms-fr-2026-01',
      '-push:optout-push-fr-2026-01',
    ]);
  });

  it('clicking the label toggles the box', async () => {
    const user = userEvent.setup();
    render(<NotificationOptIn />);
    await user.click(screen.getByText('WhatsApp'));
    expect(box('WhatsApp').checked).toBe(true);
  });

  it('ignores a host default that would pre-tick SMS or WhatsApp at registration', () => {
    render(<NotificationOptIn defaultValue={{ sms: true, whatsapp: true, email: false }} />);
    expect(box('SMS').checked).toBe(false);
    expect(box('WhatsApp').checked).toBe(false);
    expect(box('E-mail').checked).toBe(false);
  });

  it('on a profile, shows the recorded state and the withdrawal it will record', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn<(v: ConsentValues, c: ConsentChange[]) => void>();
    render(
      <NotificationOptIn
        recorded={{ email: true, sms: true, whatsapp: false, push: false }}
        onChange={onChange}
      />,
    );
    expect(box('SMS').checked).toBe(true);
    expect(box("Notifications de l'application").checked).toBe(false);
    const withdraw = consentWording('sms', { locale: 'fr', granted: false });
    expect(screen.queryByText(withdraw.text, { exact: false })).toBeNull();

    await user.click(box('SMS'));
    const grant = consentWording('sms', { locale: 'fr', granted: true });
    expect(
      screen.getByRole('checkbox', {
        name: 'SMS',
        description: `${grant.text} Votre choix : ${withdraw.text}`,
      }),
    ).toBeTruthy();
    expect(screen.getByText(`Texte ${withdraw.version}`)).toBeTruthy();
    expect(summary(onChange.mock.lastCall?.[1] ?? [])).toEqual(['-sms:optout-sms-fr-2026-01']);

    await user.click(box('SMS'));
    expect(screen.queryByText(withdraw.text, { exact: false })).toBeNull();
    expect(onChange.mock.lastCall?.[1]).toEqual([]);
  });

  it('shows only the chosen channels, in display order, and records only those', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn<(v: ConsentValues, c: ConsentChange[]) => void>();
    render(<NotificationOptIn channels={['sms', 'email']} onChange={onChange} />);
    expect(screen.getAllByRole('checkbox').map((b) => (b as HTMLInputElement).name)).toEqual([
      'notifications.email',
      'notifications.sms',
    ]);
    await user.click(box('SMS'));
    expect(summary(onChange.mock.lastCall?.[1] ?? [])).toEqual([
      '+email:optin-email-fr-2026-01',
      '+sms:optin-sms-fr-2026-01',
    ]);
  });

  it('speaks English on request, with the English wording versions', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn<(v: ConsentValues, c: ConsentChange[]) => void>();
    render(<NotificationOptIn locale="en" onChange={onChange} />);
    const group = screen.getByRole('group', { name: 'Updates about my repairs' });
    expect(group.getAttribute('lang')).toBe('en');
    const sms = consentWording('sms', { locale: 'en', granted: true });
    await user.click(screen.getByRole('checkbox', { name: 'SMS', description: sms.text }));
    expect(screen.getByText('Text optin-sms-en-2026-01')).toBeTruthy();
    expect(summary(onChange.mock.lastCall?.[1] ?? [])).toContain('+sms:optin-sms-en-2026-01');
  });

  it('is controlled by value: a click asks, the host decides', async () => {
    const user = userEvent.setup();
    const asked: ConsentValues[] = [];
    function Host({ accept }: { accept: boolean }) {
      const [value, setValue] = useState<Partial<ConsentValues>>({ email: false });
      return (
        <NotificationOptIn
          value={value}
          onChange={(next) => {
            asked.push(next);
            if (accept) setValue(next);
          }}
        />
      );
    }
    const { unmount } = render(<Host accept={false} />);
    expect(box('E-mail').checked).toBe(false);
    await user.click(box('SMS'));
    expect(asked.at(-1)).toEqual({ email: false, sms: true, whatsapp: false, push: true });
    expect(box('SMS').checked).toBe(false);
    unmount();

    render(<Host accept={true} />);
    await user.click(box('SMS'));
    expect(box('SMS').checked).toBe(true);
  });

  it("puts the boxes in the host form's FormData", async () => {
    const user = userEvent.setup();
    render(
      <form aria-label="inscription">
        <NotificationOptIn name="prefs" />
      </form>,
    );
    await user.click(box('WhatsApp'));
    const data = new FormData(screen.getByRole('form') as HTMLFormElement);
    expect([...data.keys()]).toEqual(['prefs.email', 'prefs.whatsapp', 'prefs.push']);
  });

  it('disables every box while the host form submits', () => {
    render(<NotificationOptIn disabled />);
    for (const b of screen.getAllByRole('checkbox')) expect(b.matches(':disabled')).toBe(true);
  });

  it('takes a custom legend, hides the intro, and adds the host class', () => {
    const { container } = render(
      <NotificationOptIn legend="Mes notifications" intro={null} className="shop-card" />,
    );
    const group = screen.getByRole('group', { name: 'Mes notifications' });
    expect(group.className).toBe('omega-consent shop-card');
    expect(group.hasAttribute('aria-describedby')).toBe(false);
    expect(container.querySelector('.omega-consent__intro')).toBeNull();
  });

  it('has no accessibility violations (axe-core), including with a withdrawal shown', async () => {
    const user = userEvent.setup();
    const { container } = render(<NotificationOptIn recorded={{ sms: true }} />);
    await user.click(box('SMS'));
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
