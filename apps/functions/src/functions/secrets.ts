import { defineSecret } from 'firebase-functions/params';

/**
 * Every secret of the functions. Firebase exposes a secret set with
 * `firebase functions:secrets:set NAME` only to the functions that declare it (`secrets: [...]`
 * in their options), as the environment variable of the same name; the others never see it.
 * `SMTP_URL` is one because it carries the SMTP account's user and password
 * (`smtps://user:pass@host:465`). Everything else (URLs, the account SID, the sender's address,
 * `PUSH_MODE`) is plain configuration in `apps/functions/.env.<project>`.
 */
export const SECRET_NAMES = [
  'TWILIO_AUTH_TOKEN',
  'SMTP_URL',
  'SHORT_LINK_SECRET',
  'INGEST_HMAC_SECRET',
] as const;

/** One of {@link SECRET_NAMES}. */
export type SecretName = (typeof SECRET_NAMES)[number];

/**
 * The secrets each deployed function reads — the one table both sides use: each function's
 * options declare exactly these (`secretsOf`), and `runtime(name)` builds only the dependencies
 * they allow (no Twilio client or SMS/WhatsApp sender without `TWILIO_AUTH_TOKEN`, no email
 * sender without `SMTP_URL`, no short-link key without `SHORT_LINK_SECRET`). A test reads the
 * deploy manifest of every export of `src/index.ts` and the modules its handler loads, and fails
 * when a function's code reads a secret this table (and so its manifest) does not list.
 *
 * - planning builds the short link a message carries (`SHORT_LINK_SECRET`);
 * - sending talks to Twilio and SMTP and renders the short link (all three);
 * - the staff API sends replies and test messages in the request and revokes links;
 * - the customer API resolves links and keys the IP hash of consent records with the link key;
 * - the reconciliation schedules fetch messages from Twilio; the WhatsApp health schedule reads
 *   the sender and the templates' approvals from Twilio;
 * - ingestion verifies the worker's HMAC (it plans follow-ups; the send task sends them) and
 *   fetches customers' photos from Twilio with the account's credentials;
 * - the budget check and the sweeper only enqueue, the coverage counters only count.
 */
export const FUNCTION_SECRETS = {
  onTicketCreated: ['SHORT_LINK_SECRET'],
  onTicketUpdated: ['SHORT_LINK_SECRET'],
  sendNotification: ['TWILIO_AUTH_TOKEN', 'SMTP_URL', 'SHORT_LINK_SECRET'],
  pickupReminders: ['SHORT_LINK_SECRET'],
  quoteChasers: ['SHORT_LINK_SECRET'],
  reconcileStuck: ['TWILIO_AUTH_TOKEN'],
  reconcileActualPrices: ['TWILIO_AUTH_TOKEN'],
  budgetCheck: [],
  sweepStuck: ['SMTP_URL'],
  whatsappHealth: ['TWILIO_AUTH_TOKEN'],
  coverageOnProfileWrite: [],
  coverageOnClientWrite: [],
  ingestTwilioEvent: ['INGEST_HMAC_SECRET', 'TWILIO_AUTH_TOKEN'],
  staffApi: ['TWILIO_AUTH_TOKEN', 'SMTP_URL', 'SHORT_LINK_SECRET'],
  customerApi: ['SHORT_LINK_SECRET'],
  shopEmailOnCreate: ['SMTP_URL'],
} as const satisfies Record<string, readonly SecretName[]>;

/** The export name of a deployed function (`src/index.ts`). */
export type FunctionName = keyof typeof FUNCTION_SECRETS;

const PARAMS = Object.fromEntries(SECRET_NAMES.map((name) => [name, defineSecret(name)])) as Record<
  SecretName,
  ReturnType<typeof defineSecret>
>;

/** The `secrets` option of a function: the secret parameters its row of {@link FUNCTION_SECRETS} names. */
export function secretsOf(name: FunctionName) {
  return FUNCTION_SECRETS[name].map((secret) => PARAMS[secret]);
}

/** Every secret at least one function reads (what `pnpm preflight` checks in Secret Manager). */
export function deployedSecrets(): SecretName[] {
  const used = new Set<SecretName>(Object.values(FUNCTION_SECRETS).flat());
  return SECRET_NAMES.filter((name) => used.has(name));
}
