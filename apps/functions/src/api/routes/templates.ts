import { NOTIFICATION_KINDS, type NotificationKind, PRICE_ZONES } from '@omega/core';
import {
  contentTemplateName,
  preview,
  sampleVariables,
  TEMPLATE_VARIABLES,
  type TemplateVariables,
} from '@omega/templates';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, iso, valid } from '../../http/index.ts';
import type { StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { zChannel } from '../schemas.ts';

const zKind = z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]);

const previewBody = z.object({
  kind: zKind,
  channel: zChannel,
  variables: z.record(z.string().max(40), z.union([z.string().max(2000), z.number().finite()])),
  locale: z.enum(['fr', 'en']).default('fr'),
  zone: z.enum(PRICE_ZONES).default('fr_metro'),
  whatsappMode: z.enum(['free_text', 'template']).default('free_text'),
});

/** Turns JSON variables into the templates' types (dates arrive as ISO strings). */
export function variablesFromJson(input: Record<string, string | number>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if (typeof input.appointmentAt === 'string') {
    const d = new Date(input.appointmentAt);
    if (Number.isNaN(d.getTime()))
      throw new ApiError(400, 'invalid_request', 'appointmentAt : date invalide.');
    out.appointmentAt = d;
  }
  for (const n of ['amountEur', 'daysWaiting', 'storageDays'] as const)
    if (typeof input[n] === 'string' && input[n] !== '') out[n] = Number(input[n]);
  return out;
}

/** Templates: every kind with its variables and WhatsApp approval, and a priced preview. */
export function templateRoutes(deps: ApiDeps) {
  return new Hono<StaffEnv>()
    .get(
      '/',
      valid('query', z.object({ locale: z.enum(['fr', 'en']).default('fr') })),
      async (c) => {
        const { locale } = c.req.valid('query');
        const settings = await deps.settings.get();
        const items = NOTIFICATION_KINDS.map((kind) => {
          const name = contentTemplateName(kind, locale);
          const synced = settings.whatsappTemplates[name];
          const samples = sampleVariables(kind, locale) as Record<string, unknown>;
          return {
            kind,
            required: [...TEMPLATE_VARIABLES[kind].required] as string[],
            optional: [...TEMPLATE_VARIABLES[kind].optional] as string[],
            samples: Object.fromEntries(
              Object.entries(samples).map(([k, v]) => [
                k,
                v instanceof Date ? v.toISOString() : (v as string | number),
              ]),
            ),
            whatsapp: {
              friendlyName: name,
              contentSid: synced?.contentSid ?? null,
              approval: synced?.approval ?? ('unsynced' as const),
              syncedAt: iso(synced?.syncedAt),
            },
          };
        });
        return c.json({ items, prices: settings.core.prices });
      },
    )
    .post('/preview', valid('json', previewBody), async (c) => {
      const body = c.req.valid('json');
      const settings = await deps.settings.get();
      const vars = variablesFromJson(body.variables) as TemplateVariables<typeof body.kind>;
      const result = preview(body.kind, body.channel, vars, {
        locale: body.locale,
        zone: body.zone,
        prices: settings.core.prices,
        whatsappMode: body.whatsappMode,
      });
      if (!result.ok)
        throw new ApiError(400, `template_${result.error.code}`, result.error.message);
      return c.json(result.value);
    });
}
