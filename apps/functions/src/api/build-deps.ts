import type { Auth } from 'firebase-admin/auth';
import { firebaseTokenVerifier, type TokenVerifier } from '../http/index.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { notifyTicket } from '../pipeline/plan/notify-ticket.ts';
import { replayDirectSend, sendDirect } from '../pipeline/send/direct-send.ts';
import type { ApiDeps } from './deps.ts';

/** Options of {@link apiDepsFromPipeline}. */
export interface ApiDepsOptions {
  /** Firebase Auth (ID tokens are verified with it), or a ready verifier. */
  auth: Auth | TokenVerifier;
  corsOrigins?: readonly string[];
}

/**
 * The API's dependencies from the pipeline's: same Firestore, clock, senders and settings;
 * staff notifications go through the pipeline's `notifyTicket` (planned by the cascade, sent by
 * the send task). The deployed function and the local stack both build it this way.
 */
export function apiDepsFromPipeline(pipeline: PipelineDeps, options: ApiDepsOptions): ApiDeps {
  const verifier = 'verify' in options.auth ? options.auth : firebaseTokenVerifier(options.auth);
  return {
    db: pipeline.db,
    verifier,
    clock: pipeline.clock,
    notify: async (request) => {
      const outcome = await notifyTicket(pipeline, request);
      if (!outcome) return null;
      return {
        redelivered: outcome.redelivered,
        channels: outcome.channels.map((c) => ({
          notificationId: c.notificationId,
          channel: c.channel,
          action: c.action,
          reason: c.reason,
          recorded: c.recorded,
        })),
      };
    },
    sendDirect: (message, context, id) => sendDirect(pipeline, message, context, id),
    replayDirect: (origin, id, fingerprint) => replayDirectSend(pipeline, origin, id, fingerprint),
    settings: pipeline.settings,
    shortLinkSecret: pipeline.config.shortLinkSecret,
    corsOrigins: options.corsOrigins ?? [],
    twilio: pipeline.twilio,
    media: pipeline.media,
  };
}
