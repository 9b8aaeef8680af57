import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { ChannelSenders } from '../adapters/port.ts';
import { lazyTwilioClient } from '../adapters/twilio-client/index.ts';
import { readEnv } from '../env.ts';
import type { PipelineDeps, SendTask } from '../pipeline/deps.ts';
import { firestoreSettingsSource } from '../settings/settings-source.ts';
import { REGION, SEND_FUNCTION_NAME } from './options.ts';

let override: PipelineDeps | undefined;
let built: Promise<PipelineDeps> | undefined;

/**
 * Makes every deployed function use `deps` (the local stack and the tests that drive the
 * functions through `firebase-functions-test`); `undefined` goes back to the production build.
 */
export function useRuntime(deps: PipelineDeps | undefined): void {
  override = deps;
}

/**
 * The dependencies of the deployed functions, built once per instance from the environment:
 * the default Firestore, Twilio (SDK loaded on first send), SMTP (nodemailer loaded on first
 * email), FCM or the push catcher, and Cloud Tasks for the send queue.
 */
export function runtime(): Promise<PipelineDeps> {
  if (override) return Promise.resolve(override);
  built ??= buildProductionDeps();
  return built;
}

async function buildProductionDeps(): Promise<PipelineDeps> {
  const env = readEnv();
  const app = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  const senders: ChannelSenders = {};
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
      ? lazyTwilioClient({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          origin: env.TWILIO_API_ORIGIN,
        })
      : undefined;
  if (twilio) {
    const [{ twilioSmsSender }, { twilioWhatsAppSender }] = await Promise.all([
      import('../adapters/twilio-sms/index.ts'),
      import('../adapters/twilio-whatsapp/index.ts'),
    ]);
    senders.sms = twilioSmsSender(twilio);
    senders.whatsapp = twilioWhatsAppSender(twilio);
  }
  const [{ createTransport }, { smtpEmailSender }] = await Promise.all([
    import('nodemailer'),
    import('../adapters/smtp-email/index.ts'),
  ]);
  senders.email = smtpEmailSender(createTransport(env.SMTP_URL));
  if (env.PUSH_MODE === 'fcm') {
    const [{ getMessaging }, { fcmPushSender }] = await Promise.all([
      import('firebase-admin/messaging'),
      import('../adapters/push-fcm/index.ts'),
    ]);
    senders.push = fcmPushSender(getMessaging(app));
  } else {
    const { pushCatcherSender } = await import('../adapters/push-catcher/index.ts');
    senders.push = pushCatcherSender(db);
  }
  const { cloudTaskQueue } = await import('../queue/cloud-task-queue.ts');
  return {
    db,
    clock: () => new Date(),
    random: Math.random,
    senders,
    queue: cloudTaskQueue<SendTask & Record<string, unknown>>(SEND_FUNCTION_NAME, REGION, app),
    settings: firestoreSettingsSource(db),
    config: {
      edgePublicUrl: env.EDGE_PUBLIC_URL,
      mailFrom: env.MAIL_FROM,
      shortLinkDomain: env.SHORT_LINK_DOMAIN,
      shortLinkSecret: env.SHORT_LINK_SECRET,
    },
    twilio,
  };
}
