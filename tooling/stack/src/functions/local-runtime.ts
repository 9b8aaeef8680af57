import type { App } from 'firebase-admin/app';
import type { Firestore } from 'firebase-admin/firestore';
import { createTransport } from 'nodemailer';
import type { RateLimitsLike, RetryConfigLike } from './discover.ts';
import {
  type ChannelSenders,
  fcmPushSender,
  firebaseMediaStore,
  firestoreSettingsSource,
  InProcessTaskQueue,
  lazyTwilioClient,
  type PipelineDeps,
  pushCatcherSender,
  type SendTask,
  smtpEmailSender,
  twilioSmsSender,
  twilioWhatsAppSender,
} from './functions-api.ts';

/** What the local runtime is built from. */
export interface LocalRuntimeOptions {
  app: App;
  db: Firestore;
  twilio: { accountSid: string; authToken: string; origin: string | undefined };
  /** Timeout of Twilio requests in ms (default the client's). */
  twilioTimeoutMs?: number;
  smtpUrl: string;
  mailFrom: string;
  pushMode: 'catcher' | 'fcm';
  /** Public base URL of the webhook worker (Twilio status callbacks). */
  edgePublicUrl: string;
  shortLinkDomain: string;
  shortLinkSecret: string;
  /**
   * Photos: the origin of the media links (`/m/<token>` on the functions server) and the bucket;
   * storage goes where `STORAGE_EMULATOR_HOST` says (the stack's Cloud Storage stand-in).
   */
  media?: { publicUrl: string; bucket?: string };
  /**
   * The deployed send task-queue function: its handler and its declared `retryConfig` and
   * `rateLimits`.
   */
  sendTask: {
    name: string;
    // biome-ignore lint/suspicious/noExplicitAny: the provider's own request type.
    run: (request: any) => unknown;
    retryConfig: RetryConfigLike;
    rateLimits: RateLimitsLike;
  };
  /**
   * The send queue's dispatch limits: `declared` (default) applies the function's `rateLimits`
   * as Cloud Tasks does; `unlimited` dispatches every due task at once (suites that only care
   * about outcomes, not pace); or explicit limits.
   */
  queueRateLimits?: 'declared' | 'unlimited' | Partial<RateLimitsLike>;
  /** Multiplies the queue's retry backoffs (tests: 0.01 turns 10 s into 100 ms). Default 1. */
  backoffScale?: number;
  /** Settings cache in ms (default 2 s, so the dashboard's changes show up quickly). */
  settingsTtlMs?: number;
  /** Logs a failed task run / a task given up. */
  log: (line: string) => void;
}

/** The local runtime: the pipeline's dependencies and the in-process send queue. */
export interface LocalRuntime {
  deps: PipelineDeps;
  queue: InProcessTaskQueue<SendTask>;
  close(): void;
}

/**
 * Builds the functions' dependencies from the stack's pieces, as the deployed runtime builds
 * them from the environment, except for the send queue: Cloud Tasks is replaced by the
 * in-process queue, which runs the deployed `sendNotification` handler with the same
 * `retryConfig` (attempts, backoff, doublings) and `rateLimits` (dispatches per second,
 * concurrent dispatches), and deduplicates task ids like Cloud Tasks.
 */
export async function buildLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { db } = options;
  const twilio = lazyTwilioClient({
    ...options.twilio,
    ...(options.twilioTimeoutMs ? { timeoutMs: options.twilioTimeoutMs } : {}),
  });
  const senders: ChannelSenders = {
    sms: twilioSmsSender(twilio),
    whatsapp: twilioWhatsAppSender(twilio),
    email: smtpEmailSender(createTransport(options.smtpUrl)),
  };
  if (options.pushMode === 'fcm') {
    const { getMessaging } = await import('firebase-admin/messaging');
    senders.push = fcmPushSender(getMessaging(options.app));
  } else {
    senders.push = pushCatcherSender(db);
  }
  const limits = options.queueRateLimits ?? 'declared';
  const queue = new InProcessTaskQueue<SendTask>({
    // The deployed task-queue function's own handler, with Cloud Tasks' request fields.
    handler: async (data, ctx) => {
      await options.sendTask.run({
        data,
        id: ctx.id,
        retryCount: ctx.retryCount,
        executionCount: ctx.retryCount,
        queueName: options.sendTask.name,
      });
    },
    retryConfig: options.sendTask.retryConfig,
    // The pipeline's clock (a test that moves `deps.clock` forward then calls `runDue()` runs
    // what came due by it, e.g. a survey deferred to the next morning).
    clock: () => deps.clock(),
    rateLimits:
      limits === 'declared'
        ? options.sendTask.rateLimits
        : limits === 'unlimited'
          ? undefined
          : { ...options.sendTask.rateLimits, ...limits },
    backoffScale: options.backoffScale ?? 1,
    onError: (data, error, id, retryCount) =>
      options.log(
        `send task ${id} (${data.notificationId}) failed on run ${retryCount + 1}: ${(error as Error).message ?? error}`,
      ),
    onGiveUp: (data, _error, id) =>
      options.log(
        `send task ${id} (${data.notificationId}) gave up after ${options.sendTask.retryConfig.maxAttempts} runs`,
      ),
  });
  const deps: PipelineDeps = {
    db,
    clock: () => new Date(),
    random: Math.random,
    senders,
    queue,
    settings: firestoreSettingsSource(db, { ttlMs: options.settingsTtlMs ?? 2_000 }),
    config: {
      edgePublicUrl: options.edgePublicUrl,
      mailFrom: options.mailFrom,
      shortLinkDomain: options.shortLinkDomain,
      shortLinkSecret: options.shortLinkSecret,
    },
    twilio,
    ...(options.media
      ? {
          media: {
            store: firebaseMediaStore(options.app, options.media.bucket),
            publicUrl: options.media.publicUrl,
            signingSecret: options.shortLinkSecret,
            // Customers' media URLs point at the sandbox (or Twilio): only there go the credentials.
            twilio: {
              accountSid: options.twilio.accountSid,
              authToken: options.twilio.authToken,
              origins: [options.twilio.origin ?? 'https://api.twilio.com'],
            },
          },
        }
      : {}),
  };
  return {
    deps,
    queue,
    close() {
      queue.close();
    },
  };
}
