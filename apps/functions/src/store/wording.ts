import type { NotificationKind } from '@omega/core';
import type { Locale, VariantChannel } from '@omega/templates';
import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';
import { COLLECTIONS } from './collections.ts';
import { ts, zTimestamp } from './timestamps.ts';

/** The most versions one wording keeps (older ones are dropped, never the running or kept one). */
export const MAX_WORDING_VERSIONS = 30;

/** A WhatsApp version's Content API state: created, submitted, and what Meta decided. */
export const zVariantApproval = z.object({
  friendlyName: z.string(),
  contentSid: z.string().nullable(),
  /** Twilio's approval status (`received`, `pending`, `approved`, `rejected`…), or `unsubmitted`. */
  approval: z.string(),
  rejectionReason: z.string().nullable().default(null),
  checkedAt: zTimestamp,
});

/** One saved version of a staff wording. */
export const zWordingVersion = z.object({
  version: z.number().int().positive(),
  text: z.string(),
  createdAt: zTimestamp,
  createdBy: z.string(),
  whatsapp: zVariantApproval.nullable().default(null),
});

/** The experiment running on a wording, as the send path needs it (one read per send). */
export const zRunningExperiment = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  variantPercent: z.number().min(0).max(100),
});

/** `template_variants/{kind}~{channel}~{locale}`. */
export const zWordingDoc = z.object({
  kind: z.string(),
  channel: z.enum(['sms', 'whatsapp']),
  locale: z.enum(['fr', 'en']),
  versions: z.array(zWordingVersion).default([]),
  nextVersion: z.number().int().positive().default(1),
  experiment: zRunningExperiment.nullable().default(null),
  /** The version that replaced the catalogue's wording for everyone ("keep the winner"). */
  adopted: z.number().int().positive().nullable().default(null),
  updatedAt: zTimestamp.nullable().default(null),
});

export type WordingVersion = z.infer<typeof zWordingVersion>;
export type WordingDoc = z.infer<typeof zWordingDoc>;
export type RunningExperiment = z.infer<typeof zRunningExperiment>;

/** `experiments/{id}`. */
export const zExperimentDoc = z.object({
  kind: z.string(),
  channel: z.enum(['sms', 'whatsapp']),
  locale: z.enum(['fr', 'en']),
  version: z.number().int().positive(),
  variantText: z.string(),
  variantPercent: z.number().min(0).max(100),
  status: z.enum(['running', 'stopped']),
  startedAt: zTimestamp,
  startedBy: z.string(),
  stoppedAt: zTimestamp.nullable().default(null),
  stoppedBy: z.string().nullable().default(null),
  kept: z.enum(['control', 'variant']).nullable().default(null),
});
export type ExperimentDoc = z.infer<typeof zExperimentDoc>;

/** Which wording: a template on a channel in a language. */
export type WordingKey = { kind: NotificationKind; channel: VariantChannel; locale: Locale };

/** The document id of a wording: `<kind>~<channel>~<locale>`. */
export function wordingId(key: WordingKey): string {
  return `${key.kind}~${key.channel}~${key.locale}`;
}

function wordingRef(db: Firestore, key: WordingKey) {
  return db.collection(COLLECTIONS.templateVariants).doc(wordingId(key));
}

function empty(key: WordingKey): WordingDoc {
  return {
    ...key,
    versions: [],
    nextVersion: 1,
    experiment: null,
    adopted: null,
    updatedAt: null,
  };
}

/** Reads a wording (empty when staff never wrote one). Throws on a document that does not parse. */
export async function readWording(db: Firestore, key: WordingKey): Promise<WordingDoc> {
  const snap = await wordingRef(db, key).get();
  return snap.exists ? zWordingDoc.parse(snap.data()) : empty(key);
}

async function inTransaction(tx: Transaction, db: Firestore, key: WordingKey) {
  const snap = await tx.get(wordingRef(db, key));
  return snap.exists ? zWordingDoc.parse(snap.data()) : empty(key);
}

function serialise(doc: WordingDoc, now: Date): Record<string, unknown> {
  return {
    ...doc,
    versions: doc.versions.map((v) => ({
      ...v,
      createdAt: ts(v.createdAt),
      whatsapp: v.whatsapp ? { ...v.whatsapp, checkedAt: ts(v.whatsapp.checkedAt) } : null,
    })),
    updatedAt: ts(now),
  };
}

/** Why a wording change is refused (the API maps each to its answer). */
export type WordingChangeError =
  | { code: 'unknown_version'; message: string }
  | { code: 'experiment_running'; message: string }
  | { code: 'no_experiment'; message: string }
  | { code: 'not_approved'; message: string };

type Change<T> = { ok: true; value: T; doc: WordingDoc } | { ok: false; error: WordingChangeError };

/**
 * Runs `change` on the wording inside a transaction and writes what it returns; the one writer
 * of `template_variants` (and, with {@link startExperiment}/{@link stopExperiment}, of
 * `experiments`).
 */
async function changeWording<T>(
  db: Firestore,
  key: WordingKey,
  now: Date,
  change: (doc: WordingDoc, tx: Transaction) => Change<T>,
): Promise<Change<T>> {
  return db.runTransaction(async (tx) => {
    const doc = await inTransaction(tx, db, key);
    const result = change(doc, tx);
    if (result.ok) tx.set(wordingRef(db, key), serialise(result.doc, now));
    return result;
  });
}

/** Appends a checked text as the next version; old versions beyond the cap are dropped. */
export function addVersion(
  db: Firestore,
  key: WordingKey,
  input: {
    text: string;
    by: string;
    now: Date;
    whatsapp: (version: number) => WordingVersion['whatsapp'];
  },
): Promise<Change<WordingVersion>> {
  return changeWording(db, key, input.now, (doc) => {
    const version: WordingVersion = {
      version: doc.nextVersion,
      text: input.text,
      createdAt: input.now,
      createdBy: input.by,
      whatsapp: input.whatsapp(doc.nextVersion),
    };
    const keep = new Set([doc.experiment?.version, doc.adopted].filter((v) => v != null));
    let versions = [...doc.versions, version];
    while (versions.length > MAX_WORDING_VERSIONS) {
      const index = versions.findIndex((v) => !keep.has(v.version));
      versions = versions.filter((_, i) => i !== index);
    }
    return {
      ok: true,
      value: version,
      doc: { ...doc, versions, nextVersion: doc.nextVersion + 1 },
    };
  });
}

/** Records a WhatsApp version's approval state as the Content API reports it. */
export function setApproval(
  db: Firestore,
  key: WordingKey,
  version: number,
  approval: NonNullable<WordingVersion['whatsapp']>,
  now: Date,
): Promise<Change<WordingVersion>> {
  return changeWording(db, key, now, (doc) => {
    const found = doc.versions.find((v) => v.version === version);
    if (!found) return { ok: false, error: unknownVersion(version) };
    const updated = { ...found, whatsapp: approval };
    return {
      ok: true,
      value: updated,
      doc: { ...doc, versions: doc.versions.map((v) => (v.version === version ? updated : v)) },
    };
  });
}

function unknownVersion(version: number): WordingChangeError {
  return { code: 'unknown_version', message: `La version ${version} n’existe pas.` };
}

/** Whether a version may be sent: SMS always, WhatsApp once Meta approved its template. */
export function usable(channel: VariantChannel, version: WordingVersion): boolean {
  return (
    channel === 'sms' ||
    (version.whatsapp?.approval === 'approved' && version.whatsapp.contentSid !== null)
  );
}

function notApproved(version: WordingVersion): WordingChangeError {
  return {
    code: 'not_approved',
    message: `La version ${version.version} attend l’approbation de WhatsApp (état : ${version.whatsapp?.approval ?? 'non soumise'}) : elle ne peut pas encore être envoyée.`,
  };
}

/** Starts an experiment: `variantPercent` % of customers get `version`, the others the catalogue. */
export function startExperiment(
  db: Firestore,
  key: WordingKey,
  input: { version: number; variantPercent: number; by: string; now: Date },
): Promise<Change<ExperimentDoc & { id: string }>> {
  return changeWording(db, key, input.now, (doc, tx) => {
    if (doc.experiment) {
      return {
        ok: false,
        error: {
          code: 'experiment_running',
          message: 'Une expérience est déjà en cours sur ce message : arrêtez-la d’abord.',
        },
      };
    }
    const version = doc.versions.find((v) => v.version === input.version);
    if (!version) return { ok: false, error: unknownVersion(input.version) };
    if (!usable(key.channel, version)) return { ok: false, error: notApproved(version) };
    const id = `${wordingId(key)}~v${version.version}~${input.now.getTime()}`;
    const experiment: ExperimentDoc = {
      ...key,
      version: version.version,
      variantText: version.text,
      variantPercent: input.variantPercent,
      status: 'running',
      startedAt: input.now,
      startedBy: input.by,
      stoppedAt: null,
      stoppedBy: null,
      kept: null,
    };
    tx.create(db.collection(COLLECTIONS.experiments).doc(id), {
      ...experiment,
      startedAt: ts(input.now),
    });
    return {
      ok: true,
      value: { ...experiment, id },
      doc: {
        ...doc,
        experiment: { id, version: version.version, variantPercent: input.variantPercent },
        adopted: null,
      },
    };
  });
}

/**
 * Stops the running experiment and keeps one arm: `variant` makes its version the wording
 * every customer gets from now on, `control` goes back to the catalogue's.
 */
export function stopExperiment(
  db: Firestore,
  key: WordingKey,
  input: { keep: 'control' | 'variant'; by: string; now: Date },
): Promise<Change<{ id: string; kept: 'control' | 'variant'; adopted: number | null }>> {
  return changeWording(db, key, input.now, (doc, tx) => {
    const running = doc.experiment;
    if (!running) {
      return {
        ok: false,
        error: { code: 'no_experiment', message: 'Aucune expérience en cours sur ce message.' },
      };
    }
    tx.update(db.collection(COLLECTIONS.experiments).doc(running.id), {
      status: 'stopped',
      stoppedAt: ts(input.now),
      stoppedBy: input.by,
      kept: input.keep,
    });
    const adopted = input.keep === 'variant' ? running.version : null;
    return {
      ok: true,
      value: { id: running.id, kept: input.keep, adopted },
      doc: { ...doc, experiment: null, adopted },
    };
  });
}

/** Goes back to the catalogue's wording for everyone (no experiment may be running). */
export function revertToCatalogue(
  db: Firestore,
  key: WordingKey,
  now: Date,
): Promise<Change<null>> {
  return changeWording(db, key, now, (doc) =>
    doc.experiment
      ? {
          ok: false,
          error: {
            code: 'experiment_running',
            message: 'Une expérience est en cours sur ce message : arrêtez-la d’abord.',
          },
        }
      : { ok: true, value: null, doc: { ...doc, adopted: null } },
  );
}

/** Reads an experiment; `null` when it does not exist. */
export async function readExperiment(
  db: Firestore,
  id: string,
): Promise<(ExperimentDoc & { id: string }) | null> {
  const snap = await db.collection(COLLECTIONS.experiments).doc(id).get();
  return snap.exists ? { ...zExperimentDoc.parse(snap.data()), id } : null;
}

/** Every experiment of a wording, newest first. */
export async function listExperiments(
  db: Firestore,
  key: WordingKey,
): Promise<Array<ExperimentDoc & { id: string }>> {
  const snaps = await db.collection(COLLECTIONS.experiments).where('kind', '==', key.kind).get();
  return snaps.docs
    .map((d) => ({ ...zExperimentDoc.parse(d.data()), id: d.id }))
    .filter((e) => e.channel === key.channel && e.locale === key.locale)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}
