import { parseArgs } from 'node:util';
import type { FaultOptions, SandboxOptions } from './options.ts';

/** What the CLI reads from flags and the environment. */
export interface CliConfig {
  options: SandboxOptions;
  help: boolean;
}

interface FaultFlag {
  flag: string;
  option: Exclude<keyof FaultOptions, 'random'>;
  kind: 'share' | 'count';
  help: string;
}

/** The fault flags; each has a variable too (`--rate-429` → `TWILIO_SANDBOX_RATE_429`). */
const FAULT_FLAGS: readonly FaultFlag[] = [
  { flag: 'rate-429', option: 'rate429', kind: 'share', help: '429 (20429), not processed' },
  {
    flag: 'retry-after',
    option: 'retryAfterSeconds',
    kind: 'count',
    help: 'Retry-After of a 429, s (1)',
  },
  { flag: 'rate-500', option: 'rate500', kind: 'share', help: '500 (20500), not processed' },
  { flag: 'rate-slow', option: 'rateSlow', kind: 'share', help: 'answered after --slow-ms' },
  { flag: 'slow-ms', option: 'slowMs', kind: 'count', help: 'delay of a slow answer, ms (3000)' },
  { flag: 'rate-drop', option: 'rateDrop', kind: 'share', help: 'closed, not processed' },
  {
    flag: 'rate-drop-after',
    option: 'rateDropAfter',
    kind: 'share',
    help: 'processed, closed unanswered',
  },
  {
    flag: 'rate-reset-after',
    option: 'rateResetAfter',
    kind: 'share',
    help: 'processed, TCP reset',
  },
  {
    flag: 'rate-hang-after',
    option: 'rateHangAfter',
    kind: 'share',
    help: 'processed, never answered',
  },
  {
    flag: 'duplicate-callbacks',
    option: 'duplicateCallbacks',
    kind: 'share',
    help: 'messages: callbacks twice',
  },
  {
    flag: 'out-of-order-callbacks',
    option: 'outOfOrderCallbacks',
    kind: 'share',
    help: 'messages: sent after final',
  },
  {
    flag: 'late-callbacks',
    option: 'lateCallbacks',
    kind: 'share',
    help: 'messages: callbacks late',
  },
  { flag: 'late-ms', option: 'lateMs', kind: 'count', help: 'delay of late callbacks, ms (3000)' },
  { flag: 'seed', option: 'seed', kind: 'count', help: 'seed of the fault random (replays)' },
];

function envName(flag: string): string {
  return `TWILIO_SANDBOX_${flag.toUpperCase().replaceAll('-', '_')}`;
}

/** A share as `0.2` or `20%`; a count as a whole number ≥ 0. */
function readFaultValue(spec: FaultFlag, raw: string): number {
  const text = raw.trim();
  const value =
    spec.kind === 'share' && text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  const valid =
    text !== '' &&
    (spec.kind === 'share' ? value >= 0 && value <= 1 : Number.isInteger(value) && value >= 0);
  if (!valid) {
    const wanted = spec.kind === 'share' ? 'a share (0.2 or 20%)' : 'a whole number ≥ 0';
    throw new Error(`twilio-sandbox: --${spec.flag} must be ${wanted}, not ${raw}`);
  }
  return value;
}

const faultUsage = FAULT_FLAGS.map(
  ({ flag, kind, help }) =>
    `  --${flag} ${kind === 'share' ? 'R' : 'N'}`.padEnd(30) +
    `${help} `.padEnd(36) +
    `[${envName(flag)}]`,
).join('\n');

/** Usage text for `--help`. */
export const USAGE = `twilio-sandbox: a local Twilio-compatible Messaging server (never for production)

Flags (environment variable in brackets):
  --port N              TCP port, 0 = random              [TWILIO_SANDBOX_PORT, default 4010]
  --host H              interface                         [TWILIO_SANDBOX_HOST, default 127.0.0.1]
  --account-sid AC…     account SID the API accepts       [TWILIO_ACCOUNT_SID]
  --auth-token T        auth token (Basic auth + signing) [TWILIO_AUTH_TOKEN]
  --inbound-url URL     where customer replies are POSTed [TWILIO_SANDBOX_INBOUND_URL]
  --timings P           instant | demo                    [TWILIO_SANDBOX_TIMINGS, default demo]
  --no-whatsapp-window  do not enforce the 24 h window    [TWILIO_SANDBOX_WHATSAPP_WINDOW=false]
  --help

Faults (R = share of API requests or of messages, 0.2 or 20%; request shares add up to ≤ 1):
${faultUsage}`;

/** Turns argv and the environment into sandbox options; flags win over the environment. */
export function readCliConfig(argv: readonly string[], env: NodeJS.ProcessEnv): CliConfig {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'account-sid': { type: 'string' },
      'auth-token': { type: 'string' },
      'inbound-url': { type: 'string' },
      timings: { type: 'string' },
      'no-whatsapp-window': { type: 'boolean' },
      help: { type: 'boolean' },
      ...Object.fromEntries(FAULT_FLAGS.map(({ flag }) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  const pick = (flag: string | undefined, variable: string) =>
    flag ?? (env[variable] === '' ? undefined : env[variable]);
  const port = Number(pick(values.port, 'TWILIO_SANDBOX_PORT') ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(
      `twilio-sandbox: invalid port ${String(values.port ?? env.TWILIO_SANDBOX_PORT)}`,
    );
  }
  const timings = pick(values.timings, 'TWILIO_SANDBOX_TIMINGS') ?? 'demo';
  if (timings !== 'instant' && timings !== 'demo') {
    throw new Error(`twilio-sandbox: --timings must be instant or demo, not ${timings}`);
  }
  const windowEnv = env.TWILIO_SANDBOX_WHATSAPP_WINDOW?.toLowerCase();
  const options: SandboxOptions = {
    port,
    callbackDelays: timings,
    whatsappWindow: !(values['no-whatsapp-window'] || windowEnv === 'false' || windowEnv === '0'),
  };
  const host = pick(values.host, 'TWILIO_SANDBOX_HOST');
  const accountSid = pick(values['account-sid'], 'TWILIO_ACCOUNT_SID');
  const authToken = pick(values['auth-token'], 'TWILIO_AUTH_TOKEN');
  const inboundUrl = pick(values['inbound-url'], 'TWILIO_SANDBOX_INBOUND_URL');
  if (host) options.host = host;
  if (accountSid) options.accountSid = accountSid;
  if (authToken) options.authToken = authToken;
  if (inboundUrl) options.inboundUrl = inboundUrl;
  const faults: FaultOptions = {};
  for (const spec of FAULT_FLAGS) {
    const flagValue = (values as Record<string, string | boolean | undefined>)[spec.flag];
    const raw = pick(typeof flagValue === 'string' ? flagValue : undefined, envName(spec.flag));
    if (raw !== undefined) faults[spec.option] = readFaultValue(spec, raw);
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  return { options, help: values.help === true };
}
