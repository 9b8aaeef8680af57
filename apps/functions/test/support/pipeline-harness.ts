import { type SandboxOptions, start, type TwilioSandbox } from '@omega/twilio-sandbox';
import type { Firestore } from 'firebase-admin/firestore';
import { createTransport } from 'nodemailer';
import { pushCatcherSender } from '../../src/adapters/push-catcher/index.ts';
import { smtpEmailSender } from '../../src/adapters/smtp-email/index.ts';
import { lazyTwilioClient } from '../../src/adapters/twilio-client/index.ts';
import { twilioSmsSender } from '../../src/adapters/twilio-sms/index.ts';
import { twilioWhatsAppSender } from '../../src/adapters/twilio-whatsapp/index.ts';
import type { PipelineDeps, SendTask } from '../../src/pipeline/deps.ts';
import { dispatchSend } from '../../src/pipeline/send/dispatch.ts';
import { SEND_RETRY_CONFIG } from '../../src/pipeline/send/retry-config.ts';
import { InProcessTaskQueue } from '../../src/queue/in-process-queue.ts';
import { firestoreSettingsSource } from '../../src/settings/settings-source.ts';
import { openTestFirestore, type TestFirestore } from './firestore.ts';
import { type SmtpCatcher, startSmtpCatcher } from './smtp-catcher.ts';

/** A mutable test clock. */
export interface TestClock {
  now(): Date;
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Every real part the integration tests run against. */
export interface PipelineHarness {
  firestore: TestFirestore;
  db: Firestore;
  sandbox: TwilioSandbox;
  smtp: SmtpCatcher;
  clock: TestClock;
  deps: PipelineDeps;
  queue: InProcessTaskQueue<SendTask>;
  /** Every dispatch outcome, in order. */
  outcomes: Array<Awaited<ReturnType<typeof dispatchSend>>>;
  /**
   * Drains the queue, then moves the clock to each later task's time (within `withinMs` of
   * the start) and runs it, until nothing is due: retries and deferrals play out in
   * simulated time. Returns how far the clock moved, in ms.
   */
  fastForward(withinMs?: number): Promise<number>;
  /** Clears Firestore, the sandbox, the mail catcher and the queue between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** A Monday at 10:00 in Paris, inside the send window. */
export const BUSINESS_HOURS = '2026-03-02T09:00:00.000Z';

/**
 * Starts the embedded Firestore client, the Twilio sandbox over HTTP (the real `twilio` SDK
 * talks to it) and an SMTP catcher, and wires the pipeline to them with the in-process task
 * queue (same retry configuration as the deployed queue, backoffs scaled to milliseconds).
 */
export async function startPipelineHarness(
  options: { sandbox?: Omit<SandboxOptions, 'authToken'> } = {},
): Promise<PipelineHarness> {
  const firestore = openTestFirestore();
  const db = firestore.db;
  const sandbox = await start({ ...options.sandbox, authToken: 'test-auth-token-0123456789' });
  const smtp = await startSmtpCatcher();
  const clock = testClock(BUSINESS_HOURS);
  const twilio = lazyTwilioClient({
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    origin: sandbox.url,
  });
  const outcomes: PipelineHarness['outcomes'] = [];
  const settings = firestoreSettingsSource(db, { ttlMs: 0 });
  let queue: InProcessTaskQueue<SendTask>;
  const deps: PipelineDeps = {
    db,
    clock: () => clock.now(),
    random: () => 0.5,
    senders: {
      sms: twilioSmsSender(twilio),
      whatsapp: twilioWhatsAppSender(twilio),
      email: smtpEmailSender(createTransport(smtp.url)),
      push: pushCatcherSender(db, () => clock.now()),
    },
    get queue() {
      return queue;
    },
    settings,
    config: {
      // Nothing listens there: status callbacks are the edge worker's business (issue 6).
      edgePublicUrl: 'http://127.0.0.1:9',
      mailFrom: "O'MEGA Services <notifications@omega.test>",
      shortLinkDomain: 'omega.test',
      shortLinkSecret: 'test-short-link-secret',
    },
    twilio,
  };
  const makeQueue = () =>
    new InProcessTaskQueue<SendTask>({
      handler: async (task, ctx) => {
        outcomes.push(await dispatchSend(deps, task, ctx));
      },
      retryConfig: SEND_RETRY_CONFIG,
      backoffScale: 0.001,
      clock: () => clock.now(),
    });
  queue = makeQueue();
  return {
    firestore,
    db,
    sandbox,
    smtp,
    clock,
    deps,
    get queue() {
      return queue;
    },
    outcomes,
    async fastForward(withinMs = 6 * 3_600_000) {
      const start = clock.now().getTime();
      for (;;) {
        await queue.drain();
        const next = queue
          .pending()
          .map((p) => p.dueAt.getTime())
          .filter((t) => t - start <= withinMs)
          .sort((a, b) => a - b)[0];
        if (next === undefined) return clock.now().getTime() - start;
        if (next > clock.now().getTime()) clock.set(new Date(next));
        queue.runDue();
      }
    },
    async reset() {
      queue.close();
      queue = makeQueue();
      outcomes.length = 0;
      sandbox.reset();
      smtp.clear();
      clock.set(BUSINESS_HOURS);
      settings.invalidate();
      await firestore.reset();
    },
    async close() {
      queue.close();
      await sandbox.stop();
      await smtp.stop();
      await firestore.close();
    },
  };
}
