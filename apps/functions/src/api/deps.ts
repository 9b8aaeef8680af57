import type { NotificationKind } from '@omega/core';
import type { Firestore } from 'firebase-admin/firestore';
import type { LazyTwilio } from '../adapters/twilio-client/index.ts';
import type { TokenVerifier } from '../http/index.ts';
import type { MediaDeps } from '../media/deps.ts';
import type { DirectReplayer, DirectSender } from '../pipeline/send/direct-send.ts';
import type { SettingsSource } from '../settings/settings-source.ts';

/** A notification a staff member asks the pipeline for (payment reminder, urgent message). */
export interface StaffNotifyRequest {
  ticketId: string;
  kind: NotificationKind;
  /** Names the occurrence: the same id plans once (a double click sends once). */
  changeId: string;
  /** Extra template variables the ticket does not carry (the urgent message's text). */
  variables?: Record<string, string>;
}

/** What the pipeline planned for a staff request, per channel. */
export interface StaffNotifyOutcome {
  channels: Array<{
    notificationId: string;
    channel: string;
    action: string;
    reason: string | null;
    recorded: boolean;
  }>;
  redelivered: boolean;
}

/**
 * The pipeline's entry point as the API sees it: plans a notification through the cascade and
 * queues its sends. `null` when the ticket does not exist.
 */
export type StaffNotify = (request: StaffNotifyRequest) => Promise<StaffNotifyOutcome | null>;

/** Everything the staff API talks to; built from the pipeline's dependencies (see `apiDepsFromPipeline`). */
export interface ApiDeps {
  db: Firestore;
  verifier: TokenVerifier;
  clock: () => Date;
  notify: StaffNotify;
  /**
   * Direct sends (conversation replies, test messages): through the pipeline's send path and
   * its send gate, recorded like every notification.
   */
  sendDirect: DirectSender;
  /**
   * What a direct send asked for again under the same request id recorded (`null`: nothing),
   * checked before the route looks at today's state (a retry of a reply sent inside the
   * WhatsApp window answers the first result after the window has closed).
   */
  replayDirect: DirectReplayer;
  settings: SettingsSource;
  /** Key of the short-link ids (revoking a ticket's link names the current one). */
  shortLinkSecret: string;
  /** Origins allowed to call the API from a browser (the dashboard's); empty = same origin only. */
  corsOrigins: readonly string[];
  /** Twilio's Content API for staff WhatsApp wordings (submitted for approval); absent: refused. */
  twilio?: LazyTwilio | undefined;
  /** Ticket photos: storage and media links; absent: the photo routes answer 503. */
  media?: MediaDeps | undefined;
}
