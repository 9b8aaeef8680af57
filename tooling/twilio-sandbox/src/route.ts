import type { IncomingHttpHeaders } from 'node:http';
import type { RequestFault } from './faults.ts';
import type { ApiResponse } from './twilio-error.ts';

/** What a handler gets: path groups, query, the parsed body and the headers. */
export interface RouteContext {
  groups: Record<string, string>;
  path: string;
  query: URLSearchParams;
  /** Form body (`application/x-www-form-urlencoded`), empty otherwise. */
  form: URLSearchParams;
  /** JSON body, undefined when the body is not JSON. */
  json: unknown;
  headers: IncomingHttpHeaders;
  /** The request fault the router applies to this request (the inbox shows it), or null. */
  fault: RequestFault | null;
}

/** One route: method, path pattern with named groups, handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  /** `twilio` routes need Basic auth and may be hit by faults; `sandbox` routes are open. */
  kind: 'twilio' | 'sandbox';
  /** A larger body than the default 1 MB (the inbox's photo replies). */
  maxBodyBytes?: number;
  handle: (ctx: RouteContext) => ApiResponse | Promise<ApiResponse>;
}
