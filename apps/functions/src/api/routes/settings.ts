import { parsePhone, shopMapsUrl } from '@omega/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { syncShopLocation } from '../../content/sync-location.ts';
import { ApiError, dateOf, valid } from '../../http/index.ts';
import { logs } from '../../logs.ts';
import type { DirectSendResult } from '../../pipeline/send/direct-send.ts';
import {
  parseSettings,
  settingsDocSchema,
  shopLocationOf,
} from '../../settings/settings-schema.ts';
import { SETTINGS_DOC } from '../../store/collections.ts';
import { requireAdmin, type StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { idempotentRequest } from '../idempotency.ts';
import { directSendError } from '../services/direct-send-errors.ts';

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
  'satisfaction',
  'shopEmail',
  'quoteChasers',
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
    satisfaction: true,
    shopEmail: true,
    quoteChasers: true,
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
    satisfaction: { reviewUrl: settings.reviewUrl },
    // Where customers' quote decisions are emailed (null: nobody; the dashboard shows them).
    shopEmail: settings.shopEmail,
    quoteChasers: settings.quoteChasers,
    // Read-only: the maps page customers open (the shop's mapsUrl, or the one derived from the coordinates).
    shopMapsUrl: shopMapsUrl(shopLocationOf(settings.shop)),
    // Read-only: the `whatsappHealth` schedule's last reading (the overview says when WhatsApp is off).
    whatsappSender: settings.whatsappSender
      ? {
          status: settings.whatsappSender.status,
          qualityRating: settings.whatsappSender.qualityRating,
          available: settings.whatsappSender.available ?? true,
          cause: settings.whatsappSender.cause ?? null,
          offlineReasons: settings.whatsappSender.offlineReasons ?? null,
          checkedAt: dateOf(settings.whatsappSender.checkedAt)?.toISOString() ?? null,
          since: dateOf(settings.whatsappSender.since)?.toISOString() ?? null,
        }
      : null,
    issues,
  };
}

/**
 * After a change of the shop: the location pin the Content API holds follows the new coordinates,
 * label or address (a new content, see `syncShopLocation`). Best effort: the settings are saved
 * either way; until a sync succeeds the pin is recorded failed `location_not_synchronised`.
 */
async function resyncShopLocation(deps: ApiDeps): Promise<void> {
  if (!deps.twilio) return;
  try {
    await syncShopLocation(deps.db, deps.twilio, { now: deps.clock() });
  } catch (error) {
    logs.unexpected('settings: shop location sync', error);
  }
}

/** A test message to the number or address typed (parsed with the shop's default country). */
async function sendTestMessage(
  deps: ApiDeps,
  body: z.output<typeof testMessageBody>,
  request: { id: string; fingerprint: string; actor: string },
): Promise<DirectSendResult> {
  const settings = await deps.settings.get();
  let to = body.to;
  if (body.channel !== 'email') {
    const parsed = parsePhone(body.to, { defaultCountry: settings.core.defaultCountry });
    if (!parsed.ok) throw new ApiError(400, 'invalid_phone', parsed.error.message);
    if (body.channel === 'sms' && !parsed.value.smsCapable)
      throw new ApiError(400, 'not_sms_capable', 'Ce numéro ne reçoit pas de SMS.');
    to = parsed.value.e164;
  }
  const context = {
    origin: 'test' as const,
    kind: 'test_message',
    actor: request.actor,
    customerId: null,
    clientId: null,
    preview: TEST_TEXT,
    fingerprint: request.fingerprint,
  };
  if (body.channel === 'sms')
    return deps.sendDirect({ channel: 'sms', to, body: TEST_TEXT }, context, request.id);
  if (body.channel === 'whatsapp')
    return deps.sendDirect(
      { channel: 'whatsapp', to, content: { mode: 'free_text', body: TEST_TEXT } },
      context,
      request.id,
    );
  return deps.sendDirect(
    { channel: 'email', to, subject: "O'MEGA Services — test", text: TEST_TEXT },
    context,
    request.id,
  );
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
      if (patch.shop) await resyncShopLocation(deps);
      return c.json(await view(deps));
    })
    .post('/test-message', requireAdmin, valid('json', testMessageBody), async (c) => {
      const body = c.req.valid('json');
      const request = idempotentRequest(c, 'test_message', {}, body);
      const result =
        (await deps.replayDirect('test', request.id, request.fingerprint)) ??
        (await sendTestMessage(deps, body, { ...request, actor: c.var.staff.uid }));
      if (!result.ok) {
        if (result.error.reason === 'conflict' || result.error.reason === 'in_progress')
          throw directSendError(result.error);
        return c.json(
          {
            ok: false as const,
            notificationId: result.error.notificationId,
            code: result.error.code,
            message: result.error.message,
          },
          200,
        );
      }
      const { notificationId, providerId, status } = result.value;
      return c.json({ ok: true as const, notificationId, providerId, status });
    });
}
