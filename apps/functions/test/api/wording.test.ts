import { experimentArm } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { syncWhatsAppTemplates } from '../../src/content/sync-templates.ts';
import { seedRegistered, seedSettings, seedWalkIn, ticket } from '../support/fixtures.ts';
import { historyOf } from '../support/history.ts';
import { createTicket } from '../support/triggers.ts';
import { type ApiHarness, TOKENS, useApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
useApiHarness({
  started: (started) => {
    h = started;
  },
  each: async () => {
    await seedSettings(h.db);
  },
});

const SMS_VARIANT =
  "O'MEGA Services : {device} bien enregistré, dossier {trackingCode}. Suivi et préférences : {link}";
const WA_VARIANT =
  'Bonjour, nous avons bien reçu votre {device} (dossier {trackingCode}). Suivez-le ici : {link} À très vite.';

type Version = {
  version: number;
  usable: boolean;
  whatsapp: { approval: string; contentSid: string } | null;
};

describe('staff wording: the editor refuses what breaks the rules', () => {
  it('saving, experiments and going back to the catalogue are for admins; staff read and check', async () => {
    const key = '/api/staff/wording/walk_in_welcome/sms/fr';
    for (const [path, body] of [
      [`${key}/versions`, { text: SMS_VARIANT }],
      [`${key}/experiment`, { version: 1, variantPercent: 50 }],
      [`${key}/experiment/stop`, { keep: 'control' }],
      [`${key}/revert`, undefined],
    ] as const) {
      const res = await h.json<{ error: { code: string } }>('POST', path, {
        token: TOKENS.staff,
        ...(body ? { body } : {}),
      });
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'not_admin']);
    }
    expect((await h.json<{ versions: unknown[] }>('GET', key)).body.versions).toEqual([]);
    const check = await h.json('POST', '/api/staff/wording/check', {
      token: TOKENS.staff,
      body: { kind: 'walk_in_welcome', channel: 'sms', locale: 'fr', text: SMS_VARIANT },
    });
    expect(check.status).toBe(200);
  });

  it('answers 422 with every broken rule and its message, and saves nothing', async () => {
    const res = await h.json<{
      error: { code: string; issues: Array<{ path: string; message: string }> };
    }>('POST', '/api/staff/wording/walk_in_welcome/sms/fr/versions', {
      token: TOKENS.admin,
      body: { text: 'Votre {device} est prêt ! -20 % sur les coques : https://promo.fr/x' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('variant_refused');
    expect(res.body.error.issues.map((i) => i.path).sort()).toEqual(
      ['brand_first', 'literal_link', 'missing_link', 'not_gsm7', 'promotion'].sort(),
    );
    const saved = await h.json<{ versions: unknown[] }>(
      'GET',
      '/api/staff/wording/walk_in_welcome/sms/fr',
    );
    expect(saved.body.versions).toEqual([]);
  });

  it('the live check lists the refusals and previews segments and €', async () => {
    const res = await h.json<{
      ok: boolean;
      violations: Array<{ rule: string }>;
      preview: { segments: number; estimatedEur: number; text: string };
      worstCase: { segments: number } | null;
    }>('POST', '/api/staff/wording/check', {
      body: { kind: 'walk_in_welcome', channel: 'sms', locale: 'fr', text: SMS_VARIANT },
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.worstCase?.segments).toBe(1);
    expect(res.body.preview.segments).toBe(1);
    expect(res.body.preview.estimatedEur).toBeGreaterThan(0);
    expect(res.body.preview.text).toMatch(/^O'MEGA Services : iPhone 13 bien enregistré/);
  });
});

describe('staff wording: an experiment sends the variant to its bucket only', () => {
  it('SMS: each walk-in gets the wording of its stable bucket, the arm is on the history', async () => {
    const saved = await h.json<Version>(
      'POST',
      '/api/staff/wording/walk_in_welcome/sms/fr/versions',
      { token: TOKENS.admin, body: { text: SMS_VARIANT } },
    );
    expect(saved.status).toBe(201);
    const started = await h.json<{ id: string }>(
      'POST',
      '/api/staff/wording/walk_in_welcome/sms/fr/experiment',
      { token: TOKENS.admin, body: { version: saved.body.version, variantPercent: 50 } },
    );
    expect(started.status).toBe(201);
    const again = await h.json('POST', '/api/staff/wording/walk_in_welcome/sms/fr/experiment', {
      token: TOKENS.admin,
      body: { version: saved.body.version },
    });
    expect(again.status).toBe(409);

    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    for (const [i, id] of ids.entries()) {
      await seedWalkIn(h.db, id, { phone: `+336123456${String(i).padStart(2, '0')}` });
      await createTicket(h, `t${i}`, ticket({ clientId: id }));
    }
    await h.queue.drain();

    const arms = new Set<string>();
    for (const [i, id] of ids.entries()) {
      const expected = experimentArm(id, started.body.id, 50);
      arms.add(expected);
      const sms = (await historyOf(h.db, `t${i}`)).find((d) => d.channel === 'sms');
      expect(sms?.status).not.toBe('skipped');
      expect((sms as unknown as { experiment: unknown }).experiment).toEqual({
        id: started.body.id,
        arm: expected,
        version: saved.body.version,
      });
      const body = String(
        h.sandbox.messages().find((m) => m.to === `+336123456${String(i).padStart(2, '0')}`)?.body,
      );
      if (expected === 'variant')
        expect(body).toMatch(
          /^O'MEGA Services : iPhone 13 bien enregistré, dossier OM-2603-0001\./,
        );
      else
        expect(body).toMatch(/^O'MEGA Services : Bonjour Jean, votre iPhone 13 est bien chez nous/);
    }
    expect(arms).toEqual(new Set(['control', 'variant']));

    const results = await h.json<{
      results: {
        arms: Record<string, { sent: number }>;
        comparisons: { delivered: { verdict: string } };
      };
    }>('GET', `/api/staff/wording/experiments/${encodeURIComponent(started.body.id)}`);
    expect(results.status).toBe(200);
    const { control, variant } = results.body.results.arms;
    expect((control?.sent ?? 0) + (variant?.sent ?? 0)).toBe(12);
    expect(results.body.results.comparisons.delivered.verdict).toBe('collecting');

    // Keep the winner: everyone gets the variant, no arm is recorded any more.
    const stopped = await h.json(
      'POST',
      '/api/staff/wording/walk_in_welcome/sms/fr/experiment/stop',
      { token: TOKENS.admin, body: { keep: 'variant' } },
    );
    expect(stopped.body).toMatchObject({ kept: 'variant', adopted: saved.body.version });
    // A new walk-in whose bucket was the control's.
    let j = 0;
    while (experimentArm(`n${j}`, started.body.id, 50) !== 'control') j += 1;
    await seedWalkIn(h.db, `n${j}`, { phone: '+33612345699' });
    await createTicket(h, 'after', ticket({ clientId: `n${j}` }));
    await h.queue.drain();
    const after = (await historyOf(h.db, 'after')).find((d) => d.channel === 'sms');
    expect(after?.status, after?.reasonText ?? '').not.toBe('skipped');
    expect((after as unknown as { experiment?: unknown }).experiment).toBeUndefined();
    const last = h.sandbox.messages().find((m) => m.to === '+33612345699');
    expect(String(last?.body)).toMatch(/bien enregistré, dossier/);
  });

  it('WhatsApp: submitted for approval, refused until approved, then sent to its bucket only', async () => {
    const twilio = h.deps.twilio;
    if (!twilio) throw new Error('the harness has a Twilio client');
    await syncWhatsAppTemplates(h.db, twilio, { now: h.clock.now() });
    await syncWhatsAppTemplates(h.db, twilio, { now: h.clock.now() });

    const saved = await h.json<Version>(
      'POST',
      '/api/staff/wording/ticket_received/whatsapp/fr/versions',
      { token: TOKENS.admin, body: { text: WA_VARIANT } },
    );
    expect(saved.status).toBe(201);
    expect(saved.body.usable).toBe(false);
    expect(saved.body.whatsapp?.approval).toBe('received');

    const early = await h.json<{ error: { code: string; message: string } }>(
      'POST',
      '/api/staff/wording/ticket_received/whatsapp/fr/experiment',
      { token: TOKENS.admin, body: { version: saved.body.version } },
    );
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_approved');
    expect(early.body.error.message).toContain('attend l’approbation de WhatsApp');

    const refreshed = await h.json<Version>(
      'POST',
      `/api/staff/wording/ticket_received/whatsapp/fr/versions/${saved.body.version}/refresh`,
    );
    expect(refreshed.body.whatsapp?.approval).toBe('approved');
    expect(refreshed.body.usable).toBe(true);
    const variantSid = refreshed.body.whatsapp?.contentSid;

    const started = await h.json<{ id: string }>(
      'POST',
      '/api/staff/wording/ticket_received/whatsapp/fr/experiment',
      { token: TOKENS.admin, body: { version: saved.body.version, variantPercent: 50 } },
    );
    expect(started.status).toBe(201);

    const customers = Array.from({ length: 10 }, (_, i) => `u${i}`);
    for (const [i, id] of customers.entries()) {
      await seedRegistered(
        h.db,
        { clientId: `k${i}`, customerId: id },
        {
          phoneNumber: `+336987654${String(i).padStart(2, '0')}`,
          email: null,
        },
      );
      await createTicket(h, `w${i}`, ticket({ clientId: `k${i}`, customerId: id }));
    }
    await h.queue.drain();

    const catalogueSid = (await h.db.doc('settings/notifications').get()).get(
      'whatsappTemplates.omega_ticket_received_fr_v1.contentSid',
    );
    const arms = new Set<string>();
    for (const [i, id] of customers.entries()) {
      const arm = experimentArm(id, started.body.id, 50);
      arms.add(arm);
      const sent = h.sandbox
        .messages()
        .find((m) => m.to === `whatsapp:+336987654${String(i).padStart(2, '0')}`);
      expect(sent?.content_sid).toBe(arm === 'variant' ? variantSid : catalogueSid);
    }
    expect(arms).toEqual(new Set(['control', 'variant']));
  });
});
