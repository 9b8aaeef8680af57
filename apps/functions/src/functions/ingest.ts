import { onRequest } from 'firebase-functions/v2/https';
import { answerMisconfigured, ConfigurationError } from './misconfigured.ts';
import { REGION } from './options.ts';
import { secretsOf } from './secrets.ts';

/**
 * The ingestion endpoint the edge worker's queue consumer POSTs Twilio events to
 * (`INGEST_URL`): HMAC-verified, idempotent (see `src/ingest`).
 */
export const ingestTwilioEvent = onRequest(
  {
    region: REGION,
    timeoutSeconds: 30,
    concurrency: 40,
    invoker: 'public',
    secrets: secretsOf('ingestTwilioEvent'),
  },
  async (req, res) => {
    if (req.method !== 'POST') {
      res.status(405).set('Allow', 'POST').json({ error: 'method_not_allowed' });
      return;
    }
    const [{ handleIngestRequest }, { runtime }, { readEnv }] = await Promise.all([
      import('../ingest/handle-request.ts'),
      import('./runtime.ts'),
      import('../env.ts'),
    ]);
    let deps: Awaited<ReturnType<typeof runtime>>;
    try {
      deps = await runtime('ingestTwilioEvent');
    } catch (cause) {
      // 503: the worker keeps the event and retries it (then its dead-letter queue).
      if (cause instanceof ConfigurationError) return answerMisconfigured(res, cause);
      throw cause;
    }
    // Checked by runtime() outside the emulator; in it, `.secret.local` may lack it.
    const secret = readEnv().INGEST_HMAC_SECRET;
    if (!secret) {
      res.status(503).json({ error: 'ingestion_not_configured' });
      return;
    }
    const answer = await handleIngestRequest(deps, {
      secret,
      signature: req.get('X-Omega-Signature'),
      rawBody: req.rawBody?.toString('utf8') ?? '',
    });
    res.status(answer.status).json(answer.body);
  },
);
