import { start } from './server.ts';

const port = Number(process.env.STORAGE_EMULATOR_PORT ?? 9199);
const storage = await start({ port, log: (line) => console.log(line) });
console.log(`STORAGE_EMULATOR_HOST=${storage.url}`);
const shutdown = () => {
  void storage.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
