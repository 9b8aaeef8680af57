import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bindings, callWorker } from '../../test/support/worker.ts';

describe('GET /health', () => {
  it('answers 200 with the deployed bindings (wrangler.jsonc + test secrets)', async () => {
    const res = await exports.default.fetch('https://hooks.test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: 'webhook-edge' });
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await callWorker(
      new Request('https://hooks.test/health', { method: 'HEAD' }),
      bindings(),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('answers 405 with Allow: GET, HEAD to POST', async () => {
    const res = await callWorker(
      new Request('https://hooks.test/health', { method: 'POST' }),
      bindings(),
    );
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('answers 500 without leaking details when a secret is missing', async () => {
    const res = await callWorker(
      new Request('https://hooks.test/health'),
      bindings({ INGEST_SECRET: '' }),
    );
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toBe('Server misconfigured');
  });
});

describe('unknown paths', () => {
  it.each(['/', '/twilio', '/twilio/status/extra', '/TWILIO/STATUS'])('%s → 404', async (path) => {
    const res = await callWorker(
      new Request(`https://hooks.test${path}`, { method: 'POST' }),
      bindings(),
    );
    expect(res.status).toBe(404);
  });
});
