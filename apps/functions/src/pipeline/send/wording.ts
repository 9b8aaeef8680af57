import {
  type Channel,
  type ExperimentArm,
  experimentArm,
  type NotificationKind,
} from '@omega/core';
import { checkVariant, type Locale } from '@omega/templates';
import type { Firestore } from 'firebase-admin/firestore';
import { logs } from '../../logs.ts';
import { readWording, usable, type WordingKey, wordingId } from '../../store/wording.ts';

/** The staff wording a message goes out with, instead of the catalogue's. */
export interface VariantWording {
  version: number;
  text: string;
  /** WhatsApp: the approved content template of this version. */
  friendlyName: string | null;
  contentSid: string | null;
}

/** Which arm of which experiment a message was sent in (recorded on its history document). */
export interface ExperimentMark {
  id: string;
  arm: ExperimentArm;
  version: number;
}

/** What {@link chooseWording} decided: the wording (`null` = the catalogue's) and the arm. */
export interface WordingChoice {
  variant: VariantWording | null;
  experiment: ExperimentMark | null;
}

const CATALOGUE: WordingChoice = { variant: null, experiment: null };

/**
 * The wording of a ticket notification: during an experiment, the customer's stable bucket
 * (core's `experimentArm`, keyed like the rollout by customer id, else client id) picks the
 * catalogue or the variant; after "keep the winner", the adopted version for everyone. A
 * WhatsApp version is used only once approved. Anything unreadable, unapproved or no longer
 * passing the catalogue's rules falls back to the catalogue's wording (always safe), logged.
 */
export async function chooseWording(
  db: Firestore,
  input: {
    notificationId: string;
    kind: NotificationKind;
    channel: Channel;
    locale: Locale;
    recipientKey: string | null;
  },
): Promise<WordingChoice> {
  if (input.channel !== 'sms' && input.channel !== 'whatsapp') return CATALOGUE;
  const key: WordingKey = { kind: input.kind, channel: input.channel, locale: input.locale };
  const fallBack = (why: string): WordingChoice => {
    logs.wordingFellBack(input.notificationId, wordingId(key), why);
    return CATALOGUE;
  };
  let doc: Awaited<ReturnType<typeof readWording>>;
  try {
    doc = await readWording(db, key);
  } catch (error) {
    return fallBack(`unreadable: ${(error as Error).message}`);
  }
  let version: number | null = null;
  let experiment: ExperimentMark | null = null;
  if (doc.experiment) {
    if (!input.recipientKey) return fallBack('no recipient key for the experiment');
    const arm = experimentArm(input.recipientKey, doc.experiment.id, doc.experiment.variantPercent);
    experiment = { id: doc.experiment.id, arm, version: doc.experiment.version };
    if (arm === 'control') return { variant: null, experiment };
    version = doc.experiment.version;
  } else if (doc.adopted !== null) {
    version = doc.adopted;
  }
  if (version === null) return CATALOGUE;
  const found = doc.versions.find((v) => v.version === version);
  if (!found) return fallBack(`version ${version} is missing`);
  if (!usable(key.channel, found)) return fallBack(`version ${version} is not approved`);
  const checked = checkVariant({ ...key, text: found.text });
  if (!checked.ok)
    return fallBack(
      `version ${version} breaks ${checked.error.violations.map((v) => v.rule).join(', ')}`,
    );
  return {
    variant: {
      version,
      text: found.text,
      friendlyName: found.whatsapp?.friendlyName ?? null,
      contentSid: found.whatsapp?.contentSid ?? null,
    },
    experiment,
  };
}
