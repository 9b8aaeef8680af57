import { randomBytes } from 'node:crypto';
import type { App } from 'firebase-admin/app';
import type { FunctionsEnv } from '../env.ts';
import type { MediaDeps } from './deps.ts';
import { firebaseMediaStore } from './store.ts';

/** Twilio's API origin (where customers' `MediaUrl{N}` point). */
export const TWILIO_API = 'https://api.twilio.com';

/**
 * The photos' dependencies of a deployed function: firebase-admin's storage on `STORAGE_BUCKET`
 * (the SDK goes to `STORAGE_EMULATOR_HOST` when set: the local stand-in), media links under
 * `MEDIA_PUBLIC_URL` (default `https://<SHORT_LINK_DOMAIN>`) keyed by the short-link secret —
 * or, for a function without that secret (ingestion, which never makes links), a key of its own
 * nobody else knows — and Twilio's credentials for customers' media where given.
 */
export function mediaDepsFromEnv(
  app: App,
  env: FunctionsEnv,
  options: { signingSecret: string | null; twilio: boolean },
): MediaDeps {
  return {
    store: firebaseMediaStore(app, env.STORAGE_BUCKET),
    publicUrl: env.MEDIA_PUBLIC_URL ?? `https://${env.SHORT_LINK_DOMAIN}`,
    signingSecret: options.signingSecret ?? randomBytes(32).toString('hex'),
    twilio:
      options.twilio && env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
        ? {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            origins: [
              TWILIO_API,
              ...(env.TWILIO_API_ORIGIN ? [new URL(env.TWILIO_API_ORIGIN).origin] : []),
            ],
          }
        : undefined,
  };
}
