import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  AFTER_FAULTS,
  FAULT_HEADER,
  type FaultInjector,
  type RequestFault,
  type RequestFaultDecision,
} from './faults.ts';
import type { HeldSockets } from './held-sockets.ts';
import { basicAuthMatches, readBody, sendJson } from './http-io.ts';
import type { Route, RouteContext } from './route.ts';
import type { Timers } from './timers.ts';
import { type ApiResponse, twilioError } from './twilio-error.ts';

/** What the router needs: the routes, credentials, faults, timers and held connections. */
export interface RouterDeps {
  routes: readonly Route[];
  credentials: () => { accountSid: string; authToken: string };
  faults: FaultInjector;
  timers: Timers;
  /** Where `hang-after` parks its unanswered connections (destroyed by `stop()`). */
  held: HeldSockets;
  log: (line: string) => void;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function context(
  req: IncomingMessage,
  url: URL,
  groups: Record<string, string>,
  fault: RequestFault | null,
  maxBodyBytes?: number,
) {
  const raw = await readBody(req, maxBodyBytes);
  if (raw === null) return null;
  const type = header(req, 'content-type') ?? '';
  let json: unknown;
  if (type.includes('application/json') && raw !== '') {
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
  }
  const ctx: RouteContext = {
    groups,
    path: url.pathname,
    query: url.searchParams,
    form: type.includes('application/x-www-form-urlencoded')
      ? new URLSearchParams(raw)
      : new URLSearchParams(),
    json,
    headers: req.headers,
    fault,
  };
  return ctx;
}

function write(res: ServerResponse, response: ApiResponse): void {
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) {
    res.writeHead(response.status, response.headers).end(response.body);
    return;
  }
  sendJson(res, response.status, response.body, response.headers);
}

/**
 * Withholds the answer of a request that was processed: closes the connection (`drop-after`,
 * a FIN: "socket hang up"), resets it (`reset-after`, a TCP RST: ECONNRESET), or holds it open
 * unanswered (`hang-after`) until the client gives up or the sandbox stops.
 */
function withhold(req: IncomingMessage, kind: RequestFault, held: HeldSockets): void {
  if (kind === 'reset-after') req.socket.resetAndDestroy();
  else if (kind === 'hang-after') held.hold(req.socket);
  else req.socket.destroy();
}

/**
 * The sandbox's request listener: finds the route, checks Basic auth on Twilio routes,
 * applies injected faults, parses the body and writes the handler's answer.
 */
export function createRouter(deps: RouterDeps): RequestListener {
  return async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const method = req.method ?? 'GET';
      const candidates = deps.routes.filter((r) => r.pattern.test(url.pathname));
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        write(
          res,
          candidates.length > 0
            ? twilioError(405, 20004, 'Method not allowed')
            : twilioError(404, 20404, `The requested resource ${url.pathname} was not found`),
        );
        return;
      }
      const groups = route.pattern.exec(url.pathname)?.groups ?? {};
      let fault: RequestFaultDecision | null = null;
      if (route.kind === 'twilio') {
        const { accountSid, authToken } = deps.credentials();
        if (!basicAuthMatches(header(req, 'authorization'), accountSid, authToken)) {
          const denied = twilioError(401, 20003, 'Authenticate');
          write(res, { ...denied, headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } });
          return;
        }
        fault = deps.faults.forRequest(header(req, FAULT_HEADER));
        if (fault) deps.log(`fault ${fault.kind} on ${method} ${url.pathname}`);
        switch (fault?.kind) {
          case '429':
            // Twilio's concurrency limit (20429): never processed, safe to retry after the wait.
            write(res, {
              ...twilioError(429, 20429, 'Too Many Requests'),
              headers: { 'Retry-After': String(fault.retryAfterSeconds) },
            });
            return;
          case '500':
            write(res, twilioError(500, 20500, 'Internal Server Error'));
            return;
          case 'drop':
            req.socket.destroy();
            return;
          case 'slow':
            await deps.timers.sleep(fault.delayMs);
            break;
          default:
            break;
        }
      }
      const ctx = await context(req, url, groups, fault?.kind ?? null, route.maxBodyBytes);
      if (!ctx) {
        write(res, twilioError(413, 20001, 'Request body too large'));
        return;
      }
      const response = await route.handle(ctx);
      if (fault && AFTER_FAULTS.has(fault.kind)) {
        withhold(req, fault.kind, deps.held);
        return;
      }
      write(res, response);
    } catch (error) {
      deps.log(`sandbox error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) write(res, twilioError(500, 20500, 'Internal Server Error'));
    }
  };
}
