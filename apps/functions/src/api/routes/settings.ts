import { parsePhone } from '@omega/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, valid } from '../../http/index.ts';
import { parseSettings, settingsDocSchema } from '../../settings/settings-schema.ts';
import { SETTINGS_DOC } from '../../store/collections.ts';
import { requireAdmin, type StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';

/** The sections of `settings/notifications` the dashboard edits. */
export const EDITABLE_SECTIONS = [
  'channelsEnabled',
  'rollout',
  'budget',
  'sendWindow',
  'frequencyCap',
  'prices',
  'twilio',
  'shop',
] as const;

/** A settings change: any subset of the editable sections, each replaced whole. */
export const settingsPatchSchema = settingsDocSchema
  .pick({
    channelsEnabled: true,
    rollout: true,
    budget: true,
    sendWindow: true,
    frequencyCap: true,
    prices: true,
    twilio: true,
    shop: true,
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'aucune section à enregistrer')
  .refine(
    (v) => {
      const w = v.sendWindow;
      if (!w || w.startHour === undefined || w.endHour === undefined) return true;
      return w.startHour * 60 + (w.startMinute ?? 0) < w.endHour * 60 + (w.endMinute ?? 0);
    },
    { message: 'l’heure de début doit précéder l’heure de fin', path: ['sendWindow'] },
  );

const testMessageBody = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), to: z.string().min(4).max(30) }),
  z.object({ channel: z.literal('whatsapp'), to: z.string().min(4).max(30) }),
  z.object({ channel: z.literal('email'), to: z.email() }),
]);

const TEST_TEXT =
  "O'MEGA Services : message de test du tableau de bord. Aucune action n'est nécessaire.";

/** The settings view the dashboard edits: the effective values and the stored document's problems. */
async function view(deps: ApiDeps) {
  const snap = await deps.db.doc(SETTINGS_DOC).get();
  const { settings, issues } = parseSettings(snap.data());
  return {
    channelsEnabled: settings.core.channelsEnabled,
    rollout: settings.core.rollout,
    budget: settings.core.budget,
    sendWindow: settings.core.sendWindow,
    frequencyCap: settings.core.frequencyCap,
    prices: settings.core.prices,
    twilio: settings.twilio,
    shop: settings.shop,
    issues,
  };
}

/** Settings (read by staff, changed by admins) and the test message. */
export function settingsRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .get('/', async (c) => c.json(await view(deps)))
    .put('/', requireAdmin, valid('json', settingsPatchSchema), async (c) => {
      const patch = c.req.valid('json');
      const ref = deps.db.doc(SETTINGS_DOC);
      const current = (await ref.get()).data() ?? {};
      const merged = { ...current, ...patch };
      const check = parseSettings(merged);
      if (check.issues.length > 0)
        throw new ApiError(
          400,
          'invalid_settings',
          `Réglages invalides : ${check.issues.join(' ; ')}`,
        );
      // Each section sent replaces the stored one whole (an allowlist entry removed stays removed).
      await ref.set(
        { ...patch, updatedBy: c.var.staff.uid, updatedAt: deps.clock() },
        { mergeFields: [...Object.keys(patch), 'updatedBy', 'updatedAt'] },
      );
      deps.settings.invalidate();
      return c.json(await view(deps));
    })
    .post('/test-message', requireAdmin, valid('json', testMessageBody), async (c) => {
      const body = c.req.valid('json');
      const settings = await deps.settings.get();
      let to = body.to;
      if (body.channel !== 'email') {
        const parsed = parsePhone(body.to, { defaultCountry: settings.core.defaultCountry });
        if (!parsed.ok) throw new ApiError(400, 'invalid_phone', parsed.error.message);
        if (body.channel === 'sms' && !parsed.value.smsCapable)
          throw new ApiError(400, 'not_sms_capable', 'Ce numéro ne reçoit pas de SMS.');
        to = parsed.value.e164;
      }
      const requestId = deps.newId();
      const context = {
        origin: 'test' as const,
        kind: 'test_message',
        actor: c.var.staff.uid,
        customerId: null,
        clientId: null,
        preview: TEST_TEXT,
      };
      const result =
        body.channel === 'sms'
          ? await deps.sendDirect({ channel: 'sms', to, body: TEST_TEXT }, context, requestId)
          : body.channel === 'whatsapp'
            ? await deps.sendDirect(
                { channel: 'whatsapp', to, content: { mode: 'free_text', body: TEST_TEXT } },
                context,
                requestId,
              )
            : await deps.sendDirect(
                { channel: 'email', to, subject: "O'MEGA Services — test", text: TEST_TEXT },
                context,
                requestId,
              );
      if (!result.ok)
        return c.json(
          {
            ok: false as const,
            notificationId: result.error.notificationId,
            code: result.error.code,
            message: result.error.message,
          },
          200,
        );
      return c.json({ ok: true as const, ...result.value });
    });
}
