import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that keeps every message it receives (the tests' mail catcher). */
export interface SmtpCatcher {
  port: number;
  url: string;
  messages: ParsedMail[];
  /** Makes the next `count` messages fail with an SMTP reply code (e.g. 451 transient, 550 permanent). */
  failNext(code: number, count?: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  clear(): void;
  stop(): Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const messages: ParsedMail[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const failure = failures.shift();
      simpleParser(stream)
        .then((mail) => {
          if (failure) {
            const error = new Error(`${failure} simulated failure`) as Error & {
              responseCode: number;
            };
            error.responseCode = failure;
            callback(error);
            return;
          }
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(code, count = 1) {
      for (let i = 0; i < count; i += 1) failures.push(code);
    },
    async waitFor(count, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} emails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return messages;
    },
    clear() {
      messages.length = 0;
      failures.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
