// End to end inside workerd with the real (local) Queue from wrangler.jsonc: a signed
// callback is answered once queued, and the same worker's consumer forwards it, signed.
import { exports } from 'cloudflare:workers';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifyForwardedSignature } from '@omega/forwarding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_BINDINGS } from '../../test/support/bindings.ts';
import { signedRequest, statusParams } from '../../test/support/twilio.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('webhook → Queue → consumer → ingestion', () => {
  it('forwards an accepted status callback to INGEST_URL', async () => {
    const forwarded: { headers: Headers; body: string }[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      if (request.url !== TEST_BINDINGS.INGEST_URL) return realFetch(input, init);
      forwarded.push({ headers: request.headers, body: await request.text() });
      return new Response(null, { status: 200 });
    });
    const params = statusParams({ MessageSid: 'SMe2e00000000000000000000000000000' });
    const request = await signedRequest({
      url: 'https://hooks.omega.test/twilio/status?n=notif_e2e',
      params,
      token: TEST_BINDINGS.TWILIO_AUTH_TOKEN,
    });
    const response = await exports.default.fetch(request);
    expect(response.status).toBe(204);
    await vi.waitFor(() => expect(forwarded).toHaveLength(1), { timeout: 10_000, interval: 50 });
    const [call] = forwarded;
    expect(call?.headers.get(EVENT_ID_HEADER)).toBe(
      'status:SMe2e00000000000000000000000000000:delivered',
    );
    expect(JSON.parse(call?.body ?? '')).toMatchObject({
      type: 'status',
      notificationId: 'notif_e2e',
      params,
    });
    const check = await verifyForwardedSignature({
      secret: TEST_BINDINGS.INGEST_SECRET,
      header: call?.headers.get(SIGNATURE_HEADER),
      body: call?.body ?? '',
      now: Math.floor(Date.now() / 1000),
    });
    expect(check.ok).toBe(true);
  });
});
