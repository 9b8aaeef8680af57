import {
  DEFAULT_ACCOUNT_SID,
  type FaultOptions,
  type InboxShortLinks,
  start,
  type TwilioSandbox,
} from '@omega/twilio-sandbox';
import type { Piece, PieceContext } from '../piece.ts';
import { claimPort, PortInUseError } from '../ports.ts';

/** How the functions reach Twilio. */
export interface TwilioTarget {
  accountSid: string;
  authToken: string;
  /** A Twilio-compatible origin (the sandbox); undefined = api.twilio.com. */
  origin: string | undefined;
}

/** The Twilio side of the stack. */
export interface TwilioPiece extends Piece {
  target: TwilioTarget;
  /** The running sandbox, or null when a real or external Twilio is used. */
  sandbox: TwilioSandbox | null;
}

/** Local auth token of the sandbox (signs callbacks; the worker checks them with it). */
export const SANDBOX_AUTH_TOKEN = 'stack-sandbox-auth-token-0123456789';

/**
 * The Twilio sandbox with its inbox page (signed callbacks, inbound replies to the worker), or
 * nothing: `TWILIO_API_ORIGIN` names another Twilio-compatible server, or
 * `TWILIO_ACCOUNT_SID` + `TWILIO_AUTH_TOKEN` are a real account (real messages are sent).
 */
export async function startTwilio(
  ctx: PieceContext,
  options: {
    port: number;
    timings: 'demo' | 'instant';
    inboundUrl: string | undefined;
    accountSid: string | undefined;
    authToken: string | undefined;
    apiOrigin: string | undefined;
    /** The inbox opens short links there (the local customer landing pages). */
    shortLinks?: InboxShortLinks;
    /** Random faults (the chaos suite). */
    faults?: FaultOptions;
  },
): Promise<TwilioPiece> {
  if (options.apiOrigin || (options.accountSid && options.authToken)) {
    if (!options.accountSid || !options.authToken)
      throw new Error(
        'stack: TWILIO_API_ORIGIN needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN too',
      );
    const where = options.apiOrigin ?? 'https://api.twilio.com (REAL messages)';
    ctx.sink('twilio', `no sandbox: sending through ${where}`);
    return {
      name: 'twilio',
      url: options.apiOrigin ?? 'https://console.twilio.com',
      open: options.apiOrigin ? 'external Twilio-compatible server' : 'real Twilio account',
      target: {
        accountSid: options.accountSid,
        authToken: options.authToken,
        origin: options.apiOrigin,
      },
      sandbox: null,
      async stop() {},
    };
  }
  const port =
    options.port === 0
      ? 0
      : await claimPort({
          piece: 'Twilio sandbox',
          port: options.port,
          host: ctx.host,
          variable: 'STACK_SANDBOX_PORT',
        });
  let sandbox: TwilioSandbox;
  try {
    sandbox = await start({
      port,
      host: ctx.host,
      accountSid: DEFAULT_ACCOUNT_SID,
      authToken: SANDBOX_AUTH_TOKEN,
      callbackDelays: options.timings,
      ...(options.inboundUrl ? { inboundUrl: options.inboundUrl } : {}),
      ...(options.shortLinks ? { shortLinks: options.shortLinks } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      log: (line) => ctx.sink('twilio', line),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new PortInUseError('Twilio sandbox', ctx.host, port, 'STACK_SANDBOX_PORT');
    throw error;
  }
  let stopped = false;
  return {
    name: 'twilio',
    url: `${sandbox.url}/`,
    open: 'SMS/WhatsApp inbox: every message, its statuses and callbacks; reply form',
    target: { accountSid: sandbox.accountSid, authToken: sandbox.authToken, origin: sandbox.url },
    sandbox,
    async stop() {
      if (stopped) return;
      stopped = true;
      await sandbox.stop();
    },
  };
}
