import { readCliConfig, USAGE } from './cli-options.ts';
import { start } from './server.ts';

const config = readCliConfig(process.argv.slice(2), process.env);
if (config.help) {
  console.log(USAGE);
} else {
  const sandbox = await start({ ...config.options, log: (line) => console.log(line) });
  console.log(`Inbox: ${sandbox.url}/   Auth: ${sandbox.accountSid} / ${sandbox.authToken}`);
  if (config.options.faults) console.log(`Faults: ${JSON.stringify(config.options.faults)}`);
  const shutdown = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
