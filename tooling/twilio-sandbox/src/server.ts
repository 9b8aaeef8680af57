import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentRoutes } from './content-api.ts';
import { ContentStore } from './content-store.ts';
import { type CallbackFaultSpec, FaultInjector, type RequestFaultSpec } from './faults.ts';
import { HeldSockets } from './held-sockets.ts';
import {
  type InboundError,
  type InboundInput,
  type InboundResult,
  simulateInbound,
} from './inbound.ts';
import { Lifecycle } from './lifecycle.ts';
import { mediaRoutes } from './media.ts';
import { type MessageRecord, toInboxJson } from './message-record.ts';
import { MessageStore } from './message-store.ts';
import { messagesRoutes } from './messages-api.ts';
import { resolveOptions, type SandboxOptions } from './options.ts';
import { Recipients } from './recipients.ts';
import { createRouter } from './router.ts';
import { sandboxRoutes } from './sandbox-routes.ts';
import {
  type SenderPatch,
  type SenderRecord,
  SenderStore,
  senderRoutes,
  toSenderJson,
} from './senders.ts';
import { Timers } from './timers.ts';
import { WebhookSender } from './webhook-sender.ts';

/** A running sandbox. */
export interface TwilioSandbox {
  /** Origin, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  /** Every message, newest first, as the inbox JSON shows them (Twilio fields + history). */
  messages(): Record<string, unknown>[];
  /** The live record of one message (status, callbacks…), or undefined. */
  message(sid: string): MessageRecord | undefined;
  /** Makes a customer reply (see {@link InboundInput}). */
  simulateInbound(
    input: InboundInput,
  ): Promise<{ ok: true; value: InboundResult } | { ok: false; error: InboundError }>;
  /**
   * Queue faults for the next API requests (`'429'`, `'429=5'`, `'hang-after'`, `'slow=1500'`…),
   * or callback faults for the next message (`'duplicate'`, `'late=3000'`…, combined).
   */
  faults: {
    next(...faults: RequestFaultSpec[]): void;
    nextCallbacks(...faults: CallbackFaultSpec[]): void;
  };
  /**
   * Resolves with the first truthy value `probe` returns, checked now and after every change
   * (status, callback, new message); rejects after `timeoutMs` (default 5000).
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /**
   * The account's WhatsApp sender as the Senders API (`/v2/Channels/Senders`) reports it: one
   * sender, ONLINE with a HIGH quality rating after a start or a reset. `set` flags it
   * (`qualityRating: 'LOW'`), takes it offline (`status: 'OFFLINE'`, with an offline reason) or
   * back; sends are not affected (Twilio's own behaviour then is not documented).
   */
  senders: {
    whatsapp(): SenderRecord;
    set(patch: SenderPatch): Record<string, unknown>;
  };
  /** Forgets messages, templates, opt-outs, windows and queued faults; cancels timers; the sender back online. */
  reset(): void;
  /**
   * Closes the server, clears every timer, aborts webhooks in flight and destroys connections
   * held open by `hang-after`: it resolves at once, whatever the clients do.
   */
  stop(): Promise<void>;
}

/**
 * Starts a local Twilio-compatible Messaging server.
 *
 * @example
 * const sandbox = await start({ port: 0, authToken: 'test-token' });
 * // … point the twilio SDK at it with sandboxHttpClient(sandbox.url) …
 * await sandbox.stop();
 */
export async function start(options: SandboxOptions = {}): Promise<TwilioSandbox> {
  const resolved = resolveOptions(options);
  const timers = new Timers();
  const store = new MessageStore();
  const contents = new ContentStore();
  const recipients = new Recipients(resolved.optedOut);
  const faults = new FaultInjector(resolved.faults);
  const sender = new WebhookSender(() => resolved.authToken, timers, resolved.retryDelayMs);
  const lifecycle = new Lifecycle(store, timers, sender, recipients, resolved);
  let selfOrigin = '';
  const inboundDeps = { options: resolved, store, recipients, sender, origin: () => selfOrigin };
  const held = new HeldSockets();
  const senders = new SenderStore(resolved.defaultSenders.whatsapp);

  const reset = () => {
    timers.clear();
    sender.abortAll();
    store.clear();
    contents.clear();
    senders.reset();
    recipients.reset();
    faults.reset();
  };

  const router = createRouter({
    routes: [
      ...messagesRoutes({ options: resolved, store, contents, recipients, lifecycle, faults }),
      ...contentRoutes({ options: resolved, contents, timers }),
      ...senderRoutes(senders),
      ...mediaRoutes({
        accountSid: () => resolved.accountSid,
        authToken: () => resolved.authToken,
        store,
      }),
      ...sandboxRoutes({ ...inboundDeps, faults, reset, senders, contents }),
    ],
    credentials: () => resolved,
    faults,
    timers,
    held,
    log: resolved.log,
  });
  const server = createServer(router);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  selfOrigin = url;
  resolved.log(`Twilio sandbox on ${url} (account ${resolved.accountSid})`);

  return {
    url,
    port,
    accountSid: resolved.accountSid,
    authToken: resolved.authToken,
    messages: () => store.all().map(toInboxJson),
    message: (sid) => store.get(sid),
    simulateInbound: (input) => simulateInbound(inboundDeps, input),
    faults: {
      next: (...kinds) => faults.next(...kinds),
      nextCallbacks: (...kinds) => faults.nextCallbacks(...kinds),
    },
    waitFor: <T>(probe: () => T | undefined | null | false, timeoutMs = 5_000) =>
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (!value) return false;
          done();
          resolve(value);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`waitFor: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const unsubscribe = store.onChange(() => void check());
        const done = () => {
          clearTimeout(timer);
          unsubscribe();
        };
        check();
      }),
    senders: {
      whatsapp: () => senders.whatsapp(),
      set: (patch) => toSenderJson(senders.update(patch)),
    },
    reset,
    stop: async () => {
      timers.clear(true);
      sender.abortAll();
      held.destroyAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
