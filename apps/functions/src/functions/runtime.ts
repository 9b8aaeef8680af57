import { getApps, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { ChannelSenders } from '../adapters/port.ts';
import { lazyTwilioClient } from '../adapters/twilio-client/index.ts';
import { readEnv } from '../env.ts';
import { logs } from '../logs.ts';
import type { PipelineConfig, PipelineDeps, SendTask } from '../pipeline/deps.ts';
import { firestoreSettingsSource } from '../settings/settings-source.ts';
import { ConfigurationError, configurationProblems, isFunctionsEmulator } from './configuration.ts';
import { REGION, SEND_FUNCTION_NAME } from './options.ts';
import { FUNCTION_SECRETS, type FunctionName, type SecretName } from './secrets.ts';

let override: PipelineDeps | undefined;
const built = new Map<FunctionName, Promise<PipelineDeps>>();

/**
 * Makes every deployed function use `deps` (the local stack and the tests that drive the
 * functions through `firebase-functions-test`); `undefined` goes back to the production build.
 */
export function useRuntime(deps: PipelineDeps | undefined): void {
  override = deps;
}

/**
 * The dependencies of the deployed function `name`, built once per instance from the
 * environment: the default Firestore, Twilio (SDK loaded on first send), SMTP (nodemailer
 * loaded on first email), FCM or the push catcher, and Cloud Tasks for the send queue — each
 * secret-backed part only when the function declares that secret (`FUNCTION_SECRETS`).
 *
 * Outside the Functions emulator the environment is checked first (`configurationProblems`):
 * a local value, a missing secret, a localhost URL or `PUSH_MODE=catcher` rejects with one
 * {@link ConfigurationError} naming every bad variable, logged once; every later call gets the
 * same rejection, so no trigger, task, schedule or request plans or sends anything with it.
 */
export function runtime(name: FunctionName): Promise<PipelineDeps> {
  if (override) return Promise.resolve(override);
  let deps = built.get(name);
  if (!deps) {
    deps = buildProductionDeps(name);
    built.set(name, deps);
    // A broken configuration stays broken for the instance's life; anything else is retried.
    deps.catch((cause: unknown) => {
      if (!(cause instanceof ConfigurationError)) built.delete(name);
    });
  }
  return deps;
}

/**
 * The production build of {@link runtime} for `name` from `source` (default `process.env`),
 * without the per-instance cache: tests call it with a crafted environment.
 */
export async function buildProductionDeps(
  name: FunctionName,
  source: Record<string, string | undefined> = process.env,
): Promise<PipelineDeps> {
  const declared = new Set<SecretName>(FUNCTION_SECRETS[name]);
  if (!isFunctionsEmulator(source)) {
    const problems = configurationProblems(source, { secrets: [...declared] });
    if (problems.length > 0) {
      logs.configurationRefused(name, problems);
      throw new ConfigurationError(name, problems);
    }
  }
  const env = readEnv(source);
  const app = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  const senders: ChannelSenders = {};
  const twilio =
    declared.has('TWILIO_AUTH_TOKEN') && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
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
  if (declared.has('SMTP_URL')) {
    const [{ createTransport }, { smtpEmailSender }] = await Promise.all([
      import('nodemailer'),
      import('../adapters/smtp-email/index.ts'),
    ]);
    senders.email = smtpEmailSender(createTransport(env.SMTP_URL));
  }
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
  // Photos: where links are made (the short-link secret) and where customers' media are fetched.
  const photos = declared.has('SHORT_LINK_SECRET') || name === 'ingestTwilioEvent';
  const media = photos
    ? (await import('../media/build.ts')).mediaDepsFromEnv(app, env, {
        signingSecret: declared.has('SHORT_LINK_SECRET') ? env.SHORT_LINK_SECRET : null,
        twilio: name === 'ingestTwilioEvent' && declared.has('TWILIO_AUTH_TOKEN'),
      })
    : undefined;
  return {
    db,
    clock: () => new Date(),
    random: Math.random,
    senders,
    queue: cloudTaskQueue<SendTask & Record<string, unknown>>(SEND_FUNCTION_NAME, REGION, app),
    settings: firestoreSettingsSource(db),
    config: pipelineConfig(name, env, declared.has('SHORT_LINK_SECRET')),
    twilio,
    media,
  };
}

/**
 * The pipeline's deployment facts. The short-link key is there only for a function that
 * declares `SHORT_LINK_SECRET`: any other reading it is a bug (the schema's local default would
 * be used silently), so it throws, naming the table to fix.
 */
function pipelineConfig(
  name: FunctionName,
  env: ReturnType<typeof readEnv>,
  hasShortLinkSecret: boolean,
): PipelineConfig {
  return {
    edgePublicUrl: env.EDGE_PUBLIC_URL,
    mailFrom: env.MAIL_FROM,
    shortLinkDomain: env.SHORT_LINK_DOMAIN,
    get shortLinkSecret(): string {
      if (!hasShortLinkSecret) {
        throw new Error(
          `${name} reads SHORT_LINK_SECRET without declaring it (FUNCTION_SECRETS in src/functions/secrets.ts)`,
        );
      }
      return env.SHORT_LINK_SECRET;
    },
  };
}
