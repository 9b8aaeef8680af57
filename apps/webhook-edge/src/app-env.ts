import type { Bindings, WorkerEnv } from './env.ts';
import type { TwilioParams } from './signature/index.ts';

/** A webhook request whose Twilio signature was checked. */
export interface VerifiedWebhook {
  /** Every POSTed parameter (or the JSON body's fields for the `bodySHA256` variant). */
  params: TwilioParams;
  /** The URL the worker received (its query holds the notification id). */
  url: URL;
  /** The validated configuration. */
  config: WorkerEnv;
}

/** Hono's environment for this worker: typed bindings and per-request variables. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: { webhook: VerifiedWebhook };
}
