import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook request as the receiving app saw it. */
export interface ReceivedRequest {
  /** Full URL the app would reconstruct: origin + path + query. */
  url: string;
  method: string;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  signature: string;
}

/** How the receiver answers request number `index` (0-based). */
export interface Reply {
  status?: number;
  delayMs?: number;
  body?: string;
}

/** A local webhook endpoint that records what the sandbox sends and answers as told. */
export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  reply: (fn: (index: number, request: ReceivedRequest) => Reply) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let replyFor: (index: number, request: ReceivedRequest) => Reply = () => ({});
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        url: `http://127.0.0.1:${port}${req.url ?? '/'}`,
        method: req.method ?? '',
        headers: req.headers,
        params: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        signature: String(req.headers['x-twilio-signature'] ?? ''),
      };
      const index = requests.length;
      requests.push(request);
      for (const wake of waiters) wake();
      const { status = 200, delayMs = 0, body = '<Response/>' } = replyFor(index, request);
      const timer = setTimeout(() => {
        if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'text/xml' }).end(body);
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (fn) => {
      replyFor = fn;
    },
    waitFor: (count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          cleanup();
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver: ${requests.length}/${count} requests after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Checks every request a receiver got with the official `twilio.validateRequest`: valid with
 * the sandbox's token, invalid with any other. Returns how many were checked.
 */
export function checkAllSigned(
  receiver: Receiver,
  token: string,
  validate: (
    token: string,
    signature: string,
    url: string,
    params: Record<string, string>,
  ) => boolean,
): { checked: number; invalid: string[] } {
  const invalid = receiver.requests
    .filter(
      (r) =>
        !validate(token, r.signature, r.url, r.params) ||
        validate(`${token}-wrong`, r.signature, r.url, r.params),
    )
    .map((r) => `${r.url} ${JSON.stringify(r.params)}`);
  return { checked: receiver.requests.length, invalid };
}
