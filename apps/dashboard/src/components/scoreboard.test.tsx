import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/index.tsx';
import { Scoreboard, type ScoreboardLine } from './scoreboard.tsx';

const lines: ScoreboardLine[] = [
  {
    id: 'delivery_rate',
    unit: 'ratio',
    target: { atLeast: 0.95 },
    tracked: true,
    value: 0.9,
    previous: 0.95,
    met: false,
  },
  {
    id: 'delivery_rate_email',
    unit: 'ratio',
    target: { atLeast: 0.95 },
    tracked: false,
    value: null,
    previous: null,
    met: null,
  },
  {
    id: 'cost_per_sms',
    unit: 'eur',
    target: { atMost: 0.1 },
    tracked: true,
    value: 0.075,
    previous: null,
    met: true,
  },
  {
    id: 'latency_median',
    unit: 'ms',
    target: { atMost: 5_000 },
    tracked: true,
    value: 5_000,
    previous: 10_000,
    met: true,
  },
  {
    id: 'coverage',
    unit: 'ratio',
    target: { atLeast: 0.6 },
    tracked: true,
    value: 0.7,
    previous: null,
    met: true,
  },
  {
    id: 'engagement',
    unit: 'count',
    target: null,
    tracked: true,
    value: 23 / 4,
    previous: 2,
    met: null,
  },
];

const row = (name: string) => {
  const header = screen.getByRole('rowheader', { name });
  return within(header.closest('tr') as HTMLElement);
};

describe('the scoreboard', () => {
  it('shows each goal with its target, value, trend, status and how it is computed', () => {
    render(
      <I18nProvider initial="fr">
        <Scoreboard lines={lines} />
      </I18nProvider>,
    );
    const delivery = row('Taux de distribution (SMS + WhatsApp)');
    expect(delivery.getByText('≥ 95 %')).toBeTruthy();
    expect(delivery.getByText('90 %')).toBeTruthy();
    expect(delivery.getByText('↓ avant : 95 %')).toBeTruthy();
    expect(delivery.getByText('Pas atteint')).toBeTruthy();
    expect(delivery.getByText(/Messages distribués ÷ messages envoyés/)).toBeTruthy();

    // Not measured: "non suivi", never 0 %.
    const email = row('Taux de distribution e-mail');
    expect(email.getByText('non suivi')).toBeTruthy();
    expect(email.queryByText('0 %')).toBeNull();

    expect(row('Coût par SMS').getByText('≤ 0,10 €')).toBeTruthy();
    expect(row('Coût par SMS').getByText('0,075 €')).toBeTruthy();
    const latency = row('Délai déclenchement → distribution (médiane)');
    expect(latency.getByText('< 5 s')).toBeTruthy();
    expect(latency.getByText('↓ avant : < 10 s')).toBeTruthy();
    expect(row('Couverture (tous canaux)').getByText('état actuel')).toBeTruthy();

    // Conversation length: messages per conversation to one decimal, with its trend.
    const engagement = row('Engagement (messages par conversation)');
    expect(engagement.getByText('5,8')).toBeTruthy();
    expect(engagement.getByText('↑ avant : 2')).toBeTruthy();
    expect(engagement.getByText(/après 24 h sans message de sa part/)).toBeTruthy();
    expect(engagement.queryByText('non suivi')).toBeNull();
  });
});
