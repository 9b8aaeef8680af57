import {
  type ForwardedEvent,
  parseForwardedEvent,
  verifyForwardedSignature,
} from '@omega/forwarding';
import { logs } from '../logs.ts';
import type { PipelineDeps } from '../pipeline/deps.ts';
import { ingestInboundEvent } from './inbound.ts';
import { ingestStatusEvent } from './status-events.ts';

/** What the ingestion endpoint answers (the edge worker's queue consumer acks any 2xx). */
export interface IngestResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Ingests one verified event (status callback or inbound message). */
export async function ingestEvent(
  deps: PipelineDeps,
  event: ForwardedEvent,
): Promise<IngestResponse> {
  if (event.type === 'status') {
    const result = await ingestStatusEvent(deps, event);
    if (result.outcome === 'invalid')
      return { status: 400, body: { error: 'invalid_event', message: result.message } };
    return { status: 200, body: result };
  }
  const result = await ingestInboundEvent(deps, event);
  if (result.outcome === 'invalid') {
    return { status: 400, body: { error: 'invalid_event', message: result.message } };
  }
  return { status: 200, body: result };
}

/**
 * The ingestion endpoint as a plain function (the HTTPS function and tests call it):
 * verifies the worker's HMAC over the raw body (`X-Omega-Signature`, ±300 s), checks the
 * event's shape, ingests it. Bad signature → 401, bad shape → 400 (both never succeed, the
 * worker dead-letters them), a failure while ingesting → 500 (the worker retries).
 */
export async function handleIngestRequest(
  deps: PipelineDeps,
  input: {
    secret: string | readonly string[];
    signature: string | null | undefined;
    rawBody: string;
  },
): Promise<IngestResponse> {
  const check = await verifyForwardedSignature({
    secret: input.secret,
    header: input.signature,
    body: input.rawBody,
    now: Math.floor(deps.clock().getTime() / 1000),
  });
  if (!check.ok) return { status: 401, body: { error: check.error.code } };
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { status: 400, body: { error: 'invalid_json' } };
  }
  const parsed = parseForwardedEvent(json);
  if (!parsed.ok)
    return { status: 400, body: { error: parsed.error.code, message: parsed.error.message } };
  try {
    return await ingestEvent(deps, parsed.value);
  } catch (error) {
    logs.unexpected(`ingest ${parsed.value.id}`, error);
    return { status: 500, body: { error: 'ingest_failed' } };
  }
}
