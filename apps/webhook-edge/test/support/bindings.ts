/**
 * Bindings of the `workers` test project (merged over wrangler.jsonc's vars). Pinned here so
 * a developer's .dev.vars, which the pool also reads, cannot change the tests.
 */
export const TEST_BINDINGS = {
  TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789abcdef',
  INGEST_URL: 'https://ingest.test/twilioIngest',
  INGEST_SECRET: 'test-ingest-secret-0123456789abcdef0123',
  PUBLIC_BASE_URL: '',
  STATUS_CALLBACK_FRAGMENT: 'rc=3&rp=ct,rt,5xx',
  INBOUND_FRAGMENT: '',
  MAX_BODY_BYTES: '65536',
} as const;
