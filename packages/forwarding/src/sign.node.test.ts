// The contract module as the functions side uses it: in Node, checked against node:crypto.
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signForwardedBody, verifyForwardedSignature } from './index.ts';

describe('forwarding signature in Node', () => {
  it('is HMAC-SHA256 over "<t>.<body>", hex (node:crypto agrees)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        async (secret, body, t) => {
          const header = await signForwardedBody(secret, body, t);
          const hex = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
          expect(header).toBe(`t=${t},v1=${hex}`);
          const check = await verifyForwardedSignature({ secret, header, body, now: t });
          expect(check.ok).toBe(true);
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('rejects a body changed after signing', async () => {
    const header = await signForwardedBody('s'.repeat(32), '{"a":1}', 100);
    const check = await verifyForwardedSignature({
      secret: 's'.repeat(32),
      header,
      body: '{"a":2}',
      now: 100,
    });
    expect(check).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
  });
});
