import {
  compareArms,
  DEFAULT_COMPARISON_RULE,
  DEFAULT_PRICE_SETTINGS,
  NOTIFICATION_KINDS,
} from '@omega/core';
import { catalogueWording, sampleVariables, TEMPLATE_VARIABLES } from '@omega/templates';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import TemplatesPage from '../pages/templates-page.tsx';
import { renderPage, signedIn } from '../testing/render.tsx';

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
      approval: 'approved',
      syncedAt: null,
    },
  })),
};

const GOOD = "O'MEGA Services : votre {device} est réparé, passez quand vous voulez. {link}";

function wording(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'status_completed',
    channel: 'sms',
    locale: 'fr',
    catalogue: catalogueWording('status_completed', 'sms', 'fr'),
    versions: [],
    experiment: null,
    adopted: null,
    experiments: [],
    ...overrides,
  };
}

const counter = (label: string) => screen.getByText(label).nextElementSibling?.textContent;

describe('the wording editor', () => {
  it('is read only for staff who are not admins: the editor shows, nothing can be saved', async () => {
    signedIn({ admin: false });
    renderPage(<TemplatesPage />, {
      routes: {
        'GET /api/staff/templates': () => templates,
        'GET /api/staff/wording/:kind/:channel/:locale': () => wording(),
      },
    });
    const box = (await screen.findByLabelText('Formulation')) as HTMLTextAreaElement;
    expect(box.value).toBe(catalogueWording('status_completed', 'sms', 'fr'));
    expect(screen.getByText(/Lecture seule : seuls les administrateurs/)).toBeTruthy();
    expect(box.closest('fieldset')?.disabled).toBe(true);
    const save = screen.getByRole('button', { name: 'Enregistrer une nouvelle version' });
    expect(save.closest('fieldset')?.disabled).toBe(true);
  });

  it('starts from the catalogue, which passes, and refuses each broken rule with its message', async () => {
    signedIn({ admin: true });
    renderPage(<TemplatesPage />, {
      routes: {
        'GET /api/staff/templates': () => templates,
        'GET /api/staff/wording/:kind/:channel/:locale': () => wording(),
      },
    });
    const box = (await screen.findByLabelText('Formulation')) as HTMLTextAreaElement;
    expect(box.value).toBe(catalogueWording('status_completed', 'sms', 'fr'));
    expect(screen.getByText('Cette formulation respecte toutes les règles.')).toBeTruthy();

    fireEvent.change(box, {
      target: { value: 'Votre {device} est prêt ! -20 % sur les coques : {link}.' },
    });
    const items = [...document.querySelectorAll('.refusals li')].map((li) => [
      li.getAttribute('data-rule'),
      li.textContent,
    ]);
    expect(items.map(([rule]) => rule)).toEqual([
      'brand_first',
      'link_not_last',
      'promotion',
      'not_gsm7',
    ]);
    expect(items[0]?.[1]).toContain("commencer par le nom de la boutique, « O'MEGA Services »");
    expect(items[1]?.[1]).toContain('Le lien {link} doit terminer le SMS');
    expect(items[2]?.[1]).toContain('retirez « -20 % »');
    expect(items[3]?.[1]).toContain('« ê » (écrire « e »)');
    expect(
      (
        screen.getByRole('button', {
          name: 'Enregistrer une nouvelle version',
        }) as HTMLButtonElement
      ).disabled,
    ).toBe(true);
  });

  it('counts segments, worst case and € live, and saves an accepted text as a version', async () => {
    signedIn({ admin: true });
    const { calls } = renderPage(<TemplatesPage />, {
      routes: {
        'GET /api/staff/templates': () => templates,
        'GET /api/staff/wording/:kind/:channel/:locale': () => wording(),
        'POST /api/staff/wording/:kind/:channel/:locale/versions': () => [
          201,
          {
            version: 1,
            text: GOOD,
            createdAt: '2026-03-02T10:00:00Z',
            createdBy: 'staff-1',
            usable: true,
            whatsapp: null,
          },
        ],
      },
    });
    const box = await screen.findByLabelText('Formulation');
    fireEvent.change(box, { target: { value: GOOD } });
    expect(
      screen.getByText(
        "O'MEGA Services : votre iPhone 13 est réparé, passez quand vous voulez. https://omega.fr/t/Ab3xK9pQ",
      ),
    ).toBeTruthy();
    expect(counter('Au pire (variables au maximum)')).toMatch(/^1 segment\(s\), \d+\/160$/);
    expect(screen.getAllByText('Segments SMS').length).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer une nouvelle version' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/versions'))).toBe(true),
    );
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.path).toBe('/api/staff/wording/status_completed/sms/fr/versions');
    expect(post?.body).toEqual({ text: GOOD });
  });

  it('shows an experiment’s arms with sample sizes and names no winner on 12 messages', async () => {
    signedIn({ admin: true });
    const control = { successes: 0, trials: 6 };
    const variant = { successes: 6, trials: 6 };
    const comparison = compareArms(control, variant);
    const { calls } = renderPage(<TemplatesPage />, {
      routes: {
        'GET /api/staff/templates': () => templates,
        'GET /api/staff/wording/:kind/:channel/:locale': () =>
          wording({
            versions: [
              {
                version: 2,
                text: GOOD,
                createdAt: '2026-03-02T10:00:00Z',
                createdBy: 'staff-1',
                usable: true,
                whatsapp: null,
              },
            ],
            experiment: { id: 'exp1', version: 2, variantPercent: 50 },
          }),
        'GET /api/staff/wording/experiments/:id': () => ({
          experiment: { id: 'exp1', version: 2, variantPercent: 50, status: 'running' },
          results: {
            arms: {
              control: { sent: 6, counts: {}, pickup: { tickets: 2, medianHours: 30 } },
              variant: { sent: 6, counts: {}, pickup: { tickets: 0, medianHours: null } },
            },
            comparisons: {
              delivered: comparison,
              read: null,
              replied: comparison,
              linkOpened: comparison,
            },
            rule: DEFAULT_COMPARISON_RULE,
            truncated: false,
          },
        }),
        'POST /api/staff/wording/:kind/:channel/:locale/experiment/stop': () => ({
          id: 'exp1',
          kept: 'control',
          adopted: null,
        }),
      },
    });
    expect(
      await screen.findByText('Expérience en cours : version 2 pour 50 % des clients'),
    ).toBeTruthy();
    expect(screen.getByText('Messages envoyés : catalogue 6, variante 6')).toBeTruthy();
    const row = screen.getByRole('row', { name: /Distribués/ });
    expect(row.textContent).toContain('(0/6)');
    expect(row.textContent).toContain('(6/6)');
    expect(row.textContent).toContain(
      'Pas assez de données : encore 94 messages dans le plus petit bras',
    );
    expect(screen.getByRole('row', { name: /Lus/ }).textContent).toContain('non suivi');
    expect(screen.getByRole('row', { name: /Délai médian de retrait/ }).textContent).toContain(
      '30 h (2 retraits)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Arrêter et garder le catalogue' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path.endsWith('/experiment/stop'))?.body).toEqual({
        keep: 'control',
      }),
    );
  });
});
