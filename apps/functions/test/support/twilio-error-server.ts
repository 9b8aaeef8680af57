import { createServer, type Server } from 'node:http';

/**
 * A minimal Twilio-compatible endpoint that refuses every message create with one error, the
 * way Twilio answers a synchronous refusal (HTTP 400 + `{ code, message, more_info, status }`).
 * Used where the sandbox has no magic number: Twilio's own 21211/21614 verdicts on numbers
 * that libphonenumber (and therefore core and the sandbox) consider valid mobiles — ported or
 * recycled numbers in real life.
 */
export async function startTwilioErrorServer(
  code: number,
  message: string,
): Promise<{ url: string; requests: string[]; stop(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push(body);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code,
          message,
          more_info: `https://www.twilio.com/docs/errors/${code}`,
          status: 400,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
