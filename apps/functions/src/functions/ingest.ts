import { onRequest } from 'firebase-functions/v2/https';
import { REGION } from './options.ts';

/**
 * The ingestion endpoint the edge worker's queue consumer POSTs Twilio events to
 * (`INGEST_URL`): HMAC-verified, idempotent (see `src/ingest`).
 */
export const ingestTwilioEvent = onRequest(
  { region: REGION, timeoutSeconds: 30, concurrency: 40, invoker: 'public' },
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
    const secret = readEnv().INGEST_HMAC_SECRET;
    if (!secret) {
      res.status(503).json({ error: 'ingestion_not_configured' });
      return;
    }
    const answer = await handleIngestRequest(await runtime(), {
      secret,
      signature: req.get('X-Omega-Signature'),
      rawBody: req.rawBody?.toString('utf8') ?? '',
    });
    res.status(answer.status).json(answer.body);
  },
);
