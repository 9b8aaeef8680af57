import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /health', () => {
  it('answers 200 with valid bindings', async () => {
    const res = await exports.default.fetch('https://hooks.test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, service: 'webhook-edge' });
  });
});
