import { randomUUID } from 'node:crypto';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  type ConnectionOverrides,
  parseCallbackUrl,
  type RetryReason,
} from './connection-overrides.ts';
import { twilioSignature } from './signature.ts';
import type { Timers } from './timers.ts';

/** One HTTP attempt at a webhook, as shown in the inbox. */
export interface WebhookAttempt {
  /** 1 for the first try, 2+ for retries. */
  attempt: number;
  /** ISO time the attempt started. */
  at: string;
  /** HTTP status, or null when no response came back. */
  status: number | null;
  /** `ok` for 2xx/3xx, else why it failed, in Twilio's `rp` vocabulary. */
  outcome: 'ok' | RetryReason;
  /** Network error text, if any. */
  error?: string;
  durationMs: number;
}

/** One webhook delivery (with its retries): what was sent and how it went. */
export interface WebhookDelivery {
  kind: 'status' | 'inbound';
  /** URL as given (fragment included). */
  url: string;
  /** URL actually requested and signed (fragment removed). */
  requestedUrl: string;
  params: Record<string, string>;
  signature: string;
  attempts: WebhookAttempt[];
  /** True once no more attempts will be made. */
  finished: boolean;
  /** Body of the last response, cut to 2 kB (inbound webhooks answer TwiML). */
  responseBody?: string;
}

interface PostResult {
  attempt: Pick<WebhookAttempt, 'status' | 'outcome' | 'error'>;
  body?: string;
}

/** Shared plumbing for sending webhooks: the token to sign with, timers, open requests. */
export class WebhookSender {
  readonly #open = new Set<ClientRequest>();

  constructor(
    private readonly authToken: () => string,
    private readonly timers: Timers,
    private readonly retryDelayMs: number,
  ) {}

  /**
   * POSTs signed form parameters to `rawUrl` the way Twilio does, honouring the URL's
   * connection-override fragment (`rc`, `rp`, `ct`, `rt`, `tt`). Resolves with every attempt.
   */
  async deliver(
    kind: WebhookDelivery['kind'],
    rawUrl: string,
    params: Record<string, string>,
    onAttempt?: (delivery: WebhookDelivery) => void,
  ): Promise<WebhookDelivery> {
    const { url, overrides } = parseCallbackUrl(rawUrl);
    const signature = twilioSignature(this.authToken(), url, params);
    const delivery: WebhookDelivery = {
      kind,
      url: rawUrl,
      requestedUrl: url,
      params,
      signature,
      attempts: [],
      finished: false,
    };
    const idempotencyToken = randomUUID();
    const started = Date.now();
    for (let attempt = 1; attempt <= overrides.retryCount + 1; attempt++) {
      if (this.timers.stopped) break;
      const at = new Date();
      const result = await this.#post(url, params, signature, idempotencyToken, overrides);
      delivery.attempts.push({
        attempt,
        at: at.toISOString(),
        durationMs: Date.now() - at.getTime(),
        ...result.attempt,
      });
      if (result.body !== undefined) delivery.responseBody = result.body;
      const outcome = result.attempt.outcome;
      const retry =
        outcome !== 'ok' &&
        overrides.retryPolicy.has(outcome) &&
        attempt <= overrides.retryCount &&
        Date.now() - started + this.retryDelayMs < overrides.totalTimeMs;
      delivery.finished = !retry;
      onAttempt?.(delivery);
      if (!retry) break;
      await this.timers.sleep(this.retryDelayMs);
    }
    return delivery;
  }

  /** Aborts every request still in flight (used by `stop()`). */
  abortAll(): void {
    for (const req of this.#open) req.destroy();
    this.#open.clear();
  }

  #post(
    url: string,
    params: Record<string, string>,
    signature: string,
    idempotencyToken: string,
    overrides: ConnectionOverrides,
  ): Promise<PostResult> {
    const body = new URLSearchParams(params).toString();
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let phase: 'ct' | 'rt' = 'ct';
      let settled = false;
      const finish = (value: PostResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#open.delete(req);
        resolve(value);
      };
      const req = send(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'TwilioProxy/1.1',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': idempotencyToken,
          Accept: '*/*',
        },
      });
      this.#open.add(req);
      let timer = setTimeout(() => {
        req.destroy();
        finish({ attempt: { status: null, outcome: 'ct', error: 'connect timeout' } });
      }, overrides.connectTimeoutMs);
      req.on('socket', (socket) => {
        const onConnect = () => {
          phase = 'rt';
          clearTimeout(timer);
          timer = setTimeout(() => {
            req.destroy();
            finish({ attempt: { status: null, outcome: 'rt', error: 'read timeout' } });
          }, overrides.readTimeoutMs);
        };
        if (socket.connecting) socket.once('connect', onConnect);
        else onConnect();
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const outcome = status >= 500 ? '5xx' : status >= 400 ? '4xx' : 'ok';
          finish({
            attempt: { status, outcome },
            body: Buffer.concat(chunks).toString('utf8').slice(0, 2048),
          });
        });
        res.on('error', (error) =>
          finish({ attempt: { status, outcome: phase, error: error.message } }),
        );
      });
      req.on('error', (error) =>
        finish({ attempt: { status: null, outcome: phase, error: error.message } }),
      );
      req.end(body);
    });
  }
}
