import { parseArgs } from 'node:util';
import type { SandboxOptions } from './options.ts';

/** What the CLI reads from flags and the environment. */
export interface CliConfig {
  options: SandboxOptions;
  help: boolean;
}

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
  --help`;

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
  return { options, help: values.help === true };
}
