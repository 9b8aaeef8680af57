import { origin, type Piece, type PieceContext } from '../piece.ts';
import { claimPort } from '../ports.ts';

/** The SMTP side of the stack. */
export interface MailPiece extends Piece {
  /** What the functions' nodemailer transport connects to. */
  smtpUrl: string;
  /** The catcher's REST API origin (`/api/email`), or null for a real SMTP server. */
  apiUrl: string | null;
}

/**
 * A local SMTP catcher with its web page (maildev 3: SMTP + REST `/api/email` + UI on the web
 * port), or nothing when `external` (`SMTP_URL`) names a real SMTP server.
 */
export async function startMail(
  ctx: PieceContext,
  options: { smtpPort: number; webPort: number; external: string | undefined },
): Promise<MailPiece> {
  if (options.external) {
    const shown = options.external.replace(/\/\/[^@/]*@/, '//***@');
    ctx.sink('mail', `sending through ${shown} (SMTP_URL)`);
    return {
      name: 'mail',
      url: shown,
      open: 'real SMTP server (SMTP_URL)',
      smtpUrl: options.external,
      apiUrl: null,
      async stop() {},
    };
  }
  const smtpPort = await claimPort({
    piece: 'Mail catcher (SMTP)',
    port: options.smtpPort,
    host: ctx.host,
    variable: 'STACK_SMTP_PORT',
  });
  const webPort = await claimPort({
    piece: 'Mail catcher (web)',
    port: options.webPort,
    host: ctx.host,
    variable: 'STACK_MAIL_WEB_PORT',
  });
  const { MailDev } = await import('maildev');
  const maildev = new MailDev({
    smtp: smtpPort,
    web: webPort,
    ip: ctx.host,
    webIp: ctx.host,
    silent: true,
  });
  await maildev.start();
  const web = origin(ctx.host, webPort);
  const smtpUrl = `smtp://${ctx.host}:${smtpPort}`;
  ctx.sink('mail', `maildev: SMTP ${smtpUrl}, web ${web}`);
  let stopped = false;
  return {
    name: 'mail',
    url: `${web}/`,
    open: 'every email the functions sent',
    smtpUrl,
    apiUrl: web,
    async stop() {
      if (stopped) return;
      stopped = true;
      await maildev.stop();
    },
  };
}
