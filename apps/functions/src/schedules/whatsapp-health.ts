import {
  type ErrorCountSample,
  type ErrorSpike,
  errorSpikes,
  qualityRatingOf,
  type SenderHealthChange,
  type SenderHealthReading,
  SHOP_TIME_ZONE,
  senderAvailability,
  senderHealthChanges,
  WATCHED_WHATSAPP_ERRORS,
  type WatchedWhatsAppError,
} from '@omega/core';
import { type Firestore, Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { parseSettings, type whatsappTemplateSchema } from '../settings/settings-schema.ts';
import { isAlreadyExists } from '../store/claims.ts';
import { COLLECTIONS, SETTINGS_DOC } from '../store/collections.ts';
import { parisDayAndMonth, ts } from '../store/timestamps.ts';

const HOUR = new Intl.DateTimeFormat('en-GB', {
  timeZone: SHOP_TIME_ZONE,
  hour: '2-digit',
  hourCycle: 'h23',
});

/** A stored Timestamp (or Date) as a Date, else null. */
function readDate(value: unknown): Date | null {
  if (value instanceof Timestamp) return value.toDate();
  if (value instanceof Date) return value;
  return null;
}

/** What one run of the health schedule saw and did. */
export interface WhatsAppHealthRun {
  /** The sender read (null: no WhatsApp sender, or the Senders API did not answer). */
  sender: (SenderHealthReading & { sid: string; senderId: string; available: boolean }) | null;
  changes: SenderHealthChange[];
  spikes: ErrorSpike[];
  /** Templates whose approval changed: `name: from → to`. */
  templates: Array<{ name: string; from: string; to: string; rejectionReason: string | null }>;
  /** Alert ids created by this run (an alert already there is not created again). */
  alerts: string[];
}

type TemplateApproval = z.output<typeof whatsappTemplateSchema>['approval'];
const APPROVALS: ReadonlySet<string> = new Set([
  'approved',
  'pending',
  'rejected',
  'unsubmitted',
  'received',
  'paused',
  'disabled',
]);
/** Approval states staff must hear about: the template can no longer be sent. */
const TEMPLATE_ALERTS: ReadonlySet<string> = new Set(['rejected', 'paused', 'disabled']);

const STATUS_WORDS: Readonly<Record<string, string>> = {
  ONLINE: 'en ligne',
  OFFLINE: 'hors ligne',
  'ONLINE:UPDATING': 'en ligne (mise à jour du profil)',
};
const statusWord = (status: string | null) =>
  status === null ? 'inconnu' : (STATUS_WORDS[status] ?? `${status} (pas prêt)`);

/**
 * The WhatsApp sender's health, every 15 minutes (`whatsappHealth`):
 * 1. the sender from Twilio's Senders API (`GET /v2/Channels/Senders?Channel=whatsapp`: the one
 *    whose `sender_id` is `settings.twilio.whatsappFrom`, else the first): status, quality
 *    rating, offline reasons — stored in `settings/notifications.whatsappSender`, where the send
 *    gate reads it through the settings cache: offline or flagged (quality LOW), ticket
 *    notifications on WhatsApp are skipped `whatsapp_sender_unavailable` and go by SMS;
 * 2. each synchronised content template's approval and rejection reason (Content API approval
 *    fetch), into `whatsappTemplates` (a template no longer `approved` is no longer sent);
 * 3. alerts (`alerts/`, created once): a status change, a quality drop (core's
 *    `senderHealthChanges`), a template rejected/paused/disabled, and spikes of 63016/63018/63024
 *    over the last hour or today (core's `errorSpikes` on `stats_daily`'s `whatsapp_error_<code>`,
 *    sampled at each run).
 * A Senders API that does not answer keeps the last reading (logged); the rest still runs.
 */
export async function runWhatsAppHealth(deps: PipelineDeps): Promise<WhatsAppHealthRun> {
  if (!deps.twilio) throw new Error('whatsappHealth: no Twilio client');
  const now = deps.clock();
  const { day } = parisDayAndMonth(now);
  const [settingsSnap, statsSnap] = await Promise.all([
    deps.db.doc(SETTINGS_DOC).get(),
    deps.db.collection(COLLECTIONS.statsDaily).doc(day).get(),
  ]);
  const { settings } = parseSettings(settingsSnap.data());
  const previous = settings.whatsappSender;
  const client = await deps.twilio();
  const run: WhatsAppHealthRun = {
    sender: null,
    changes: [],
    spikes: [],
    templates: [],
    alerts: [],
  };
  const alerts: Array<{ id: string; data: Record<string, unknown> }> = [];
  const update: Record<string, unknown> = {};

  // 1. The sender.
  let found: Awaited<ReturnType<typeof client.messaging.v2.channelsSenders.list>>[number] | null =
    null;
  try {
    const senders = await client.messaging.v2.channelsSenders.list({
      channel: 'whatsapp',
      limit: 50,
    });
    const wanted = whatsappAddress(settings.twilio.whatsappFrom);
    found = senders.find((s) => wanted !== null && s.senderId === wanted) ?? senders[0] ?? null;
  } catch (error) {
    logs.unexpected('whatsapp_health_senders', error);
  }
  const prevReading: SenderHealthReading | null = previous
    ? { status: previous.status, qualityRating: previous.qualityRating }
    : null;
  const prevKey = previous ? String(readDate(previous.checkedAt)?.getTime() ?? 'first') : 'first';
  if (found) {
    const reading: SenderHealthReading = {
      status: String(found.status),
      qualityRating: qualityRatingOf(found.properties?.qualityRating),
    };
    const availability = senderAvailability(reading);
    run.sender = {
      ...reading,
      sid: found.sid,
      senderId: found.senderId,
      available: availability.available,
    };
    run.changes = senderHealthChanges(prevReading, reading);
    const offlineReasons = (found.offlineReasons ?? []).map((r) => ({
      code: r.code ?? null,
      message: r.message ?? null,
    }));
    const same =
      prevReading?.status === reading.status && prevReading.qualityRating === reading.qualityRating;
    update.whatsappSender = {
      sid: found.sid,
      senderId: found.senderId,
      status: reading.status,
      qualityRating: reading.qualityRating,
      messagingLimit: found.properties?.messagingLimit ?? null,
      offlineReasons: offlineReasons.length > 0 ? offlineReasons : null,
      available: availability.available,
      cause: availability.available ? null : availability.cause,
      checkedAt: ts(now),
      since: same && previous?.since ? previous.since : ts(now),
    };
    for (const change of run.changes) {
      const id = `whatsapp_sender_${change.kind === 'sender_status' ? 'status' : 'quality'}_${prevKey}`;
      alerts.push({
        id,
        data: {
          kind: `whatsapp_${change.kind}`,
          from: change.from,
          to: change.to,
          available: availability.available,
          offlineReasons: offlineReasons.length > 0 ? offlineReasons : null,
          message:
            change.kind === 'sender_status'
              ? `Numéro WhatsApp ${statusWord(change.from)} → ${statusWord(change.to)}${
                  availability.available
                    ? ' : les messages WhatsApp repartent.'
                    : ' : les messages WhatsApp partent par SMS tant qu’il n’est pas rétabli.'
                }`
              : `Qualité du numéro WhatsApp en baisse (${change.from} → ${change.to})${
                  availability.available
                    ? '.'
                    : ' : numéro signalé, les messages WhatsApp partent par SMS.'
                }`,
        },
      });
    }
  }

  // 2. Template approvals.
  const templates: Record<string, Record<string, unknown>> = {};
  for (const [name, template] of Object.entries(settings.whatsappTemplates)) {
    if (!template) continue;
    try {
      const fetched = await client.content.v1.contents(template.contentSid).approvalFetch().fetch();
      const wa = (fetched.whatsapp ?? {}) as { status?: unknown; rejection_reason?: unknown };
      const status = String(wa.status ?? 'unsubmitted');
      if (!APPROVALS.has(status)) {
        logs.unexpected('whatsapp_health_template', new Error(`${name}: approval ${status}`));
        continue;
      }
      const reason =
        typeof wa.rejection_reason === 'string' && wa.rejection_reason !== ''
          ? wa.rejection_reason
          : null;
      templates[name] = {
        approval: status as TemplateApproval,
        rejectionReason: reason,
        checkedAt: ts(now),
      };
      if (status !== template.approval) {
        run.templates.push({ name, from: template.approval, to: status, rejectionReason: reason });
        if (TEMPLATE_ALERTS.has(status))
          alerts.push({
            id: `whatsapp_template_${name}_${status}_${prevKey}`,
            data: {
              kind: 'whatsapp_template',
              template: name,
              from: template.approval,
              to: status,
              rejectionReason: reason,
              message: `Modèle WhatsApp ${name} ${status === 'rejected' ? 'refusé' : status === 'paused' ? 'suspendu' : 'désactivé'}${
                reason ? ` : ${reason}` : ''
              }. Hors de la fenêtre de 24 h, ces messages partent par SMS.`,
            },
          });
      }
    } catch (error) {
      logs.unexpected('whatsapp_health_template', error);
    }
  }
  if (Object.keys(templates).length > 0) update.whatsappTemplates = templates;

  // 3. Error spikes from the day's counters.
  const counts: Partial<Record<WatchedWhatsAppError, number>> = {};
  for (const code of WATCHED_WHATSAPP_ERRORS) {
    const n = Number(statsSnap.get(`whatsapp_error_${code}`) ?? 0);
    if (n > 0) counts[code] = n;
  }
  const spiked = errorSpikes({ now, day, counts, samples: readSamples(previous?.errorSamples) });
  run.spikes = spiked.spikes;
  const hour = HOUR.format(now);
  for (const spike of spiked.spikes) {
    alerts.push({
      id: `whatsapp_errors_${spike.code}_${day}${spike.window === 'hour' ? `T${hour}` : ''}`,
      data: {
        kind: 'whatsapp_error_spike',
        code: spike.code,
        window: spike.window,
        count: spike.count,
        threshold: spike.threshold,
        message: `${spike.count} erreurs WhatsApp ${spike.code} ${
          spike.window === 'hour' ? 'en une heure' : 'aujourd’hui'
        } (seuil ${spike.threshold}) : ${SPIKE_HINTS[spike.code]}`,
      },
    });
  }
  const samples = spiked.samples.map((s) => ({
    at: ts(s.at),
    day: s.day,
    counts: stringKeys(s.counts),
  }));
  update.whatsappSender = {
    ...((update.whatsappSender as Record<string, unknown> | undefined) ?? {}),
    errorSamples: samples,
  };

  // Alerts first (each created once), then the state: a run that dies in between makes the same
  // alerts again (same ids, already there) and writes the state.
  for (const alert of alerts) {
    if (
      await createAlert(deps.db, alert.id, { ...alert.data, at: ts(now), acknowledgedAt: null })
    ) {
      run.alerts.push(alert.id);
      logs.alert(String(alert.data.kind), { id: alert.id, message: alert.data.message });
    }
  }
  if (previous || run.sender) await deps.db.doc(SETTINGS_DOC).set(update, { merge: true });
  deps.settings.invalidate();
  logs.scheduleRan('whatsappHealth', {
    status: run.sender?.status ?? null,
    qualityRating: run.sender?.qualityRating ?? null,
    alerts: run.alerts.length,
  });
  return run;
}

const SPIKE_HINTS: Readonly<Record<WatchedWhatsAppError, string>> = {
  63016: 'messages hors de la fenêtre de 24 h sans modèle approuvé (vérifiez les modèles).',
  63018: 'limite d’envoi du numéro WhatsApp atteinte (trop de messages à la fois).',
  63024: 'destinataires absents de WhatsApp (ils reçoivent le SMS de repli).',
};

/** `whatsapp:+…` for a configured sender, or null. */
function whatsappAddress(from: string | undefined): string | null {
  if (!from) return null;
  return from.startsWith('whatsapp:') ? from : `whatsapp:${from}`;
}

function stringKeys(counts: ErrorCountSample['counts']): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [String(k), Number(v ?? 0)]));
}

/** The stored samples back as core's {@link ErrorCountSample}s (unreadable ones dropped). */
function readSamples(
  stored: Array<{ at: unknown; day: string; counts: Record<string, number> }> | undefined,
): ErrorCountSample[] {
  const samples: ErrorCountSample[] = [];
  for (const s of stored ?? []) {
    const at = readDate(s.at);
    if (!at) continue;
    const counts: ErrorCountSample['counts'] = {};
    for (const code of WATCHED_WHATSAPP_ERRORS) {
      const n = s.counts[String(code)];
      if (typeof n === 'number') counts[code] = n;
    }
    samples.push({ at, day: s.day, counts });
  }
  return samples;
}

/** Creates `alerts/{id}` once; false when it is already there. */
async function createAlert(
  db: Firestore,
  id: string,
  data: Record<string, unknown>,
): Promise<boolean> {
  try {
    await db.collection(COLLECTIONS.alerts).doc(id).create(data);
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
}
