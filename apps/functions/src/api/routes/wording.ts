import {
  DEFAULT_COMPARISON_RULE,
  estimateMessageCostEur,
  NOTIFICATION_KINDS,
  type NotificationKind,
  PRICE_ZONES,
} from '@omega/core';
import {
  catalogueWording,
  checkVariant,
  renderSmsVariant,
  renderWhatsAppVariant,
  sampleVariables,
  VARIANT_TEXT_MAX,
  variantContentTemplate,
  variantTemplateName,
} from '@omega/templates';
import { Hono } from 'hono';
import { z } from 'zod';
import { syncWhatsAppTemplates } from '../../content/sync-templates.ts';
import { ApiError, iso, notFound, valid } from '../../http/index.ts';
import { COLLECTIONS } from '../../store/collections.ts';
import {
  addVersion,
  listExperiments,
  readExperiment,
  readWording,
  revertToCatalogue,
  setApproval,
  startExperiment,
  stopExperiment,
  usable,
  type WordingChangeError,
  type WordingKey,
  type WordingVersion,
  zWordingDoc,
} from '../../store/wording.ts';
import { requireAdmin, type StaffEnv } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { experimentResults } from '../services/experiment-results.ts';

const zKind = z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]);
const zKey = z.object({
  kind: zKind,
  channel: z.enum(['sms', 'whatsapp']),
  locale: z.enum(['fr', 'en']),
});
const zText = z.string().max(VARIANT_TEXT_MAX + 1);
const checkBody = zKey.extend({ text: zText, zone: z.enum(PRICE_ZONES).default('fr_metro') });

const CHANGE_STATUS = {
  unknown_version: 404,
  experiment_running: 409,
  no_experiment: 409,
  not_approved: 409,
} as const;

function refuse(error: WordingChangeError): never {
  throw new ApiError(CHANGE_STATUS[error.code], error.code, error.message);
}

function versionJson(channel: WordingKey['channel'], v: WordingVersion) {
  return {
    version: v.version,
    text: v.text,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdBy,
    usable: usable(channel, v),
    whatsapp: v.whatsapp
      ? {
          friendlyName: v.whatsapp.friendlyName,
          contentSid: v.whatsapp.contentSid,
          approval: v.whatsapp.approval,
          rejectionReason: v.whatsapp.rejectionReason,
          checkedAt: v.whatsapp.checkedAt.toISOString(),
        }
      : null,
  };
}

/**
 * Checks a text and previews it with the template's sample variables: the rules it breaks
 * (the catalogue's, `checkVariant`), the rendered text, segments, encoding, estimated €.
 */
function checkAndPreview(
  body: z.infer<typeof checkBody>,
  prices: Parameters<typeof estimateMessageCostEur>[2],
) {
  const result = checkVariant(body);
  const samples = sampleVariables(body.kind, body.locale);
  let preview: {
    text: string;
    segments: number;
    encoding: string | null;
    estimatedEur: number;
  } | null = null;
  if (body.channel === 'sms') {
    const sms = renderSmsVariant(body.kind, samples, body.text, { locale: body.locale });
    if (sms.ok) {
      preview = {
        text: sms.value.text,
        segments: sms.value.segments,
        encoding: sms.value.encoding,
        estimatedEur: estimateMessageCostEur(
          'sms',
          { segments: sms.value.segments, zone: body.zone },
          prices,
        ),
      };
    }
  } else {
    const wa = renderWhatsAppVariant(
      body.kind,
      samples,
      { text: body.text, friendlyName: 'preview' },
      { locale: body.locale },
    );
    if (wa.ok) {
      preview = {
        text: wa.value.template.body,
        segments: 1,
        encoding: null,
        estimatedEur: estimateMessageCostEur('whatsapp', { segments: 1, zone: body.zone }, prices),
      };
    }
  }
  return {
    ok: result.ok,
    violations: result.ok ? [] : result.error.violations,
    worstCase: result.ok ? result.value.worstCase : null,
    preview,
  };
}

/**
 * Staff wordings (`/api/staff/wording`): variants of a template's SMS or WhatsApp wording,
 * checked by the catalogue's rules, kept as versions (a WhatsApp version is created and
 * submitted for approval through the Content API), and experiments that send the catalogue or
 * the variant by a stable bucket, stopped by keeping one of them. Reading, the live check and
 * refreshing an approval are for staff; saving a version, starting or stopping an experiment and
 * going back to the catalogue change what customers receive: admins only (`requireAdmin`).
 */
export function wordingRoutes(deps: ApiDeps) {
  const now = () => deps.clock();
  return new Hono<StaffEnv>()
    .get('/', async (c) => {
      const snaps = await deps.db.collection(COLLECTIONS.templateVariants).get();
      const items = snaps.docs.map((d) => {
        const doc = zWordingDoc.parse(d.data());
        return {
          kind: doc.kind,
          channel: doc.channel,
          locale: doc.locale,
          versions: doc.versions.length,
          experiment: doc.experiment,
          adopted: doc.adopted,
        };
      });
      return c.json({ items });
    })
    .post('/check', valid('json', checkBody), async (c) => {
      const body = c.req.valid('json');
      const settings = await deps.settings.get();
      return c.json(checkAndPreview(body, settings.core.prices));
    })
    .get('/experiments/:id', async (c) => {
      const experiment = await readExperiment(deps.db, c.req.param('id'));
      if (!experiment) throw notFound('Expérience');
      const results = await experimentResults(deps.db, experiment, DEFAULT_COMPARISON_RULE);
      return c.json({
        experiment: {
          ...experiment,
          startedAt: experiment.startedAt.toISOString(),
          stoppedAt: iso(experiment.stoppedAt),
        },
        results,
      });
    })
    .get('/:kind/:channel/:locale', valid('param', zKey), async (c) => {
      const key = c.req.valid('param');
      const doc = await readWording(deps.db, key);
      const experiments = await listExperiments(deps.db, key);
      return c.json({
        ...key,
        catalogue: catalogueWording(key.kind, key.channel, key.locale),
        versions: doc.versions.map((v) => versionJson(key.channel, v)).reverse(),
        experiment: doc.experiment,
        adopted: doc.adopted,
        experiments: experiments.map((e) => ({
          id: e.id,
          version: e.version,
          variantPercent: e.variantPercent,
          status: e.status,
          kept: e.kept,
          startedAt: e.startedAt.toISOString(),
          stoppedAt: iso(e.stoppedAt),
        })),
      });
    })
    .post(
      '/:kind/:channel/:locale/versions',
      requireAdmin,
      valid('param', zKey),
      valid('json', z.object({ text: zText })),
      async (c) => {
        const key = c.req.valid('param');
        const { text } = c.req.valid('json');
        const checked = checkVariant({ ...key, text });
        if (!checked.ok) {
          throw new ApiError(
            422,
            'variant_refused',
            checked.error.violations.map((v) => v.message).join(' '),
            checked.error.violations.map((v) => ({ path: v.rule, message: v.message })),
          );
        }
        const at = now();
        const by = c.var.staff.uid;
        if (key.channel === 'sms') {
          const saved = await addVersion(deps.db, key, { text, by, now: at, whatsapp: () => null });
          if (!saved.ok) refuse(saved.error);
          return c.json(versionJson(key.channel, saved.value), 201);
        }
        if (!deps.twilio) {
          throw new ApiError(
            503,
            'content_api_unavailable',
            'Twilio n’est pas configuré : une formulation WhatsApp ne peut pas être soumise à l’approbation.',
          );
        }
        // The version number is reserved first, so the template's name is unique and stable.
        const saved = await addVersion(deps.db, key, {
          text,
          by,
          now: at,
          whatsapp: (version) => ({
            friendlyName: variantTemplateName(key.kind, key.locale, version),
            contentSid: null,
            approval: 'unsubmitted',
            rejectionReason: null,
            checkedAt: at,
          }),
        });
        if (!saved.ok) refuse(saved.error);
        const template = variantContentTemplate(checked.value, saved.value.version);
        const [synced] = await syncWhatsAppTemplates(deps.db, deps.twilio, {
          templates: [template],
          now: at,
        });
        const updated = await setApproval(
          deps.db,
          key,
          saved.value.version,
          {
            friendlyName: template.friendlyName,
            contentSid: synced?.contentSid ?? null,
            approval: synced?.approval ?? 'unsubmitted',
            rejectionReason: synced?.rejectionReason ?? null,
            checkedAt: at,
          },
          at,
        );
        if (!updated.ok) refuse(updated.error);
        return c.json(versionJson(key.channel, updated.value), 201);
      },
    )
    .post(
      '/:kind/:channel/:locale/versions/:version/refresh',
      valid('param', zKey.extend({ version: z.coerce.number().int().positive() })),
      async (c) => {
        const { version, ...key } = c.req.valid('param');
        if (key.channel !== 'whatsapp') {
          throw new ApiError(
            400,
            'not_whatsapp',
            'Seule une formulation WhatsApp attend une approbation.',
          );
        }
        if (!deps.twilio) {
          throw new ApiError(503, 'content_api_unavailable', 'Twilio n’est pas configuré.');
        }
        const doc = await readWording(deps.db, key);
        const found = doc.versions.find((v) => v.version === version);
        if (!found) throw notFound(`Version ${version}`);
        const checked = checkVariant({ ...key, text: found.text });
        if (!checked.ok) {
          throw new ApiError(
            422,
            'variant_refused',
            checked.error.violations.map((v) => v.message).join(' '),
          );
        }
        const at = now();
        const [synced] = await syncWhatsAppTemplates(deps.db, deps.twilio, {
          templates: [variantContentTemplate(checked.value, version)],
          now: at,
        });
        const updated = await setApproval(
          deps.db,
          key,
          version,
          {
            friendlyName: variantTemplateName(key.kind, key.locale, version),
            contentSid: synced?.contentSid ?? null,
            approval: synced?.approval ?? 'unsubmitted',
            rejectionReason: synced?.rejectionReason ?? null,
            checkedAt: at,
          },
          at,
        );
        if (!updated.ok) refuse(updated.error);
        return c.json(versionJson(key.channel, updated.value));
      },
    )
    .post(
      '/:kind/:channel/:locale/experiment',
      requireAdmin,
      valid('param', zKey),
      valid(
        'json',
        z.object({
          version: z.number().int().positive(),
          variantPercent: z.number().int().min(1).max(99).default(50),
        }),
      ),
      async (c) => {
        const key = c.req.valid('param');
        const body = c.req.valid('json');
        const started = await startExperiment(deps.db, key, {
          ...body,
          by: c.var.staff.uid,
          now: now(),
        });
        if (!started.ok) refuse(started.error);
        return c.json({ id: started.value.id, version: started.value.version }, 201);
      },
    )
    .post(
      '/:kind/:channel/:locale/experiment/stop',
      requireAdmin,
      valid('param', zKey),
      valid('json', z.object({ keep: z.enum(['control', 'variant']) })),
      async (c) => {
        const key = c.req.valid('param');
        const { keep } = c.req.valid('json');
        const stopped = await stopExperiment(deps.db, key, {
          keep,
          by: c.var.staff.uid,
          now: now(),
        });
        if (!stopped.ok) refuse(stopped.error);
        return c.json(stopped.value);
      },
    )
    .post('/:kind/:channel/:locale/revert', requireAdmin, valid('param', zKey), async (c) => {
      const key = c.req.valid('param');
      const reverted = await revertToCatalogue(deps.db, key, now());
      if (!reverted.ok) refuse(reverted.error);
      return c.json({ adopted: null });
    });
}
