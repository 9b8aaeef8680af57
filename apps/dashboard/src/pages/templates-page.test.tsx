import { DEFAULT_PRICE_SETTINGS, NOTIFICATION_KINDS } from '@omega/core';
import { sampleVariables, TEMPLATE_VARIABLES } from '@omega/templates';
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage, signedIn } from '../testing/render.tsx';
import TemplatesPage, { typedVariables } from './templates-page.tsx';

const templates = {
  prices: DEFAULT_PRICE_SETTINGS,
  items: NOTIFICATION_KINDS.map((kind) => ({
    kind,
    required: [...TEMPLATE_VARIABLES[kind].required],
    optional: [...TEMPLATE_VARIABLES[kind].optional],
    samples: Object.fromEntries(
      Object.entries(sampleVariables(kind)).map(([k, v]) => [
        k,
        v instanceof Date ? v.toISOString() : v,
      ]),
    ),
    whatsapp: {
      friendlyName: `omega_${kind}_fr_v1`,
      contentSid: null,
      approval: kind === 'status_completed' ? 'approved' : 'unsynced',
      syncedAt: null,
    },
  })),
};

const counter = (label: string) => screen.getByText(label).nextElementSibling?.textContent;

describe('template preview', () => {
  it('recounts segments, encoding and € live as a variable is edited', async () => {
    signedIn();
    renderPage(<TemplatesPage />, { routes: { 'GET /api/staff/templates': () => templates } });
    expect(await screen.findByText('Segments SMS')).toBeTruthy();
    expect(counter('Segments SMS')).toBe('1');
    expect(counter('Encodage')).toBe('GSM-7');
    expect(counter('Validation WhatsApp')).toBe('Approuvé');
    const before = Number(counter('Caractères'));
    fireEvent.change(screen.getByLabelText('device *'), {
      target: { value: 'Samsung Galaxy S24 Ultra' },
    });
    expect(screen.getByText(/Samsung Galaxy S24/)).toBeTruthy();
    expect(Number(counter('Caractères'))).toBeGreaterThan(before);
    expect(counter('Segments SMS')).toBe('1');
  });

  it('names the missing variable instead of a preview', async () => {
    signedIn();
    renderPage(<TemplatesPage />, {
      routes: {
        'GET /api/staff/templates': () => templates,
        // The staff wording section below the preview (its own tests: wording-editor.test.tsx).
        'GET /api/staff/wording/:kind/:channel/:locale': () => ({
          kind: 'status_completed',
          channel: 'sms',
          locale: 'fr',
          catalogue: '',
          versions: [],
          experiment: null,
          adopted: null,
          experiments: [],
        }),
      },
    });
    fireEvent.change(await screen.findByLabelText('device *'), { target: { value: '' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Variables invalides : .*device/);
  });

  it.each([
    [{ amountEur: '89,90' }, { amountEur: 89.9 }],
    [
      { daysWaiting: '7', device: 'iPhone' },
      { daysWaiting: 7, device: 'iPhone' },
    ],
    [{ firstName: '' }, {}],
  ])('types %j', (input, expected) => {
    expect(typedVariables(input)).toEqual(expected);
  });
});
