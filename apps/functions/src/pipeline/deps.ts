import type { Firestore } from 'firebase-admin/firestore';
import type { ChannelSenders } from '../adapters/port.ts';
import type { LazyTwilio } from '../adapters/twilio-client/index.ts';
import type { MediaDeps } from '../media/deps.ts';
import type { TaskQueue } from '../queue/task-queue.ts';
import type { SettingsSource } from '../settings/settings-source.ts';

/** The payload of a send task: everything else is read from the history document. */
export interface SendTask {
  notificationId: string;
}

/** Deployment facts the pipeline needs (from the environment). */
export interface PipelineConfig {
  /** Public base URL of the webhook worker (status callbacks). */
  edgePublicUrl: string;
  /** `From` of emails. */
  mailFrom: string;
  /** Domain of the short links SMS carry (`https://<domain>/t/<id>`). */
  shortLinkDomain: string;
  /** Key of the keyed hash that makes short-link ids unguessable. */
  shortLinkSecret: string;
  /** How long a send claim is presumed alive (default 60 s). */
  leaseMs?: number;
}

/**
 * Everything a handler talks to. The deployed functions build it from the environment
 * (`src/functions/runtime.ts`); tests and the local stack build it from local parts. The
 * handlers never reach for globals, so the same code runs everywhere.
 */
export interface PipelineDeps {
  db: Firestore;
  clock: () => Date;
  /** Random numbers in [0, 1) (retry jitter). */
  random: () => number;
  senders: ChannelSenders;
  queue: TaskQueue<SendTask>;
  settings: SettingsSource;
  config: PipelineConfig;
  /** The Twilio client, for the reconciliation schedules (fetching messages). */
  twilio?: LazyTwilio | undefined;
  /** Photos: storage and media links (absent: no photo goes out, none is fetched). */
  media?: MediaDeps | undefined;
  /**
   * Fault injection for the chaos tests: called at each step boundary of the send path; a
   * test makes it throw to stand for an instance killed there. Absent in production.
   */
  faults?: FaultPoints | undefined;
}

/** The step boundaries of the send path (and of the ingestion and schedules) where a fault can be injected. */
export type FaultPoint =
  | 'after_plan'
  | 'after_enqueue'
  | 'after_claim'
  | 'before_provider_call'
  | 'after_provider_call'
  | 'after_record'
  | 'status_before_commit'
  | 'status_after_commit'
  | 'pickup_after_plan'
  | 'quote_chaser_after_plan'
  | 'budget_after_release'
  | 'inbound_after_commit';

/** Fault injection: throws (or resolves) at a named step boundary. */
export interface FaultPoints {
  hit(point: FaultPoint, notificationId: string): void | Promise<void>;
}
