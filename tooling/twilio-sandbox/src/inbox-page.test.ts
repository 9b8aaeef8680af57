import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyHtml, linkTarget } from './inbox-page.ts';
import { start, type TwilioSandbox } from './server.ts';

const LOCAL = { domain: 'omega.test', localOrigin: 'http://127.0.0.1:5001' };

describe('linkTarget', () => {
  it.each([
    ['https://omega.test/t/Ab3xK9pQ', LOCAL, 'http://127.0.0.1:5001/t/Ab3xK9pQ'],
    ['https://OMEGA.test/t/Ab3xK9pQ?x=1#top', LOCAL, 'http://127.0.0.1:5001/t/Ab3xK9pQ?x=1#top'],
    [
      'https://omega.test/t/Ab3',
      { ...LOCAL, localOrigin: 'http://127.0.0.1:5001/' },
      'http://127.0.0.1:5001/t/Ab3',
    ],
    ['https://omega.fr/t/Ab3xK9pQ', LOCAL, 'https://omega.fr/t/Ab3xK9pQ'],
    ['https://sub.omega.test/t/x', LOCAL, 'https://sub.omega.test/t/x'],
    ['https://omega.test/t/Ab3xK9pQ', undefined, 'https://omega.test/t/Ab3xK9pQ'],
  ])('%s → %s', (url, shortLinks, expected) => {
    expect(linkTarget(url, shortLinks)).toBe(expected);
  });
});

describe('bodyHtml', () => {
  it.each([
    [
      'a short link, on the local landing page',
      'Votre iPhone 13 est prêt : https://omega.test/t/Ab3xK9pQ. STOP au 36173',
      LOCAL,
      'Votre iPhone 13 est prêt : <a href="http://127.0.0.1:5001/t/Ab3xK9pQ" target="_blank" rel="noopener" title="opens http://127.0.0.1:5001/t/Ab3xK9pQ">https://omega.test/t/Ab3xK9pQ</a>. STOP au 36173',
    ],
    [
      'without the option, links open as written',
      'Suivi (https://omega.test/t/Ab3)',
      undefined,
      'Suivi (<a href="https://omega.test/t/Ab3" target="_blank" rel="noopener">https://omega.test/t/Ab3</a>)',
    ],
    [
      'another domain stays as written, markup is escaped',
      '<b>Avis</b> https://example.com/a?b=1&c=2',
      LOCAL,
      '&lt;b&gt;Avis&lt;/b&gt; <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener">https://example.com/a?b=1&amp;c=2</a>',
    ],
    ['no link', "L'atelier ferme à 19h", LOCAL, 'L&#39;atelier ferme à 19h'],
  ])('%s', (_what, body, shortLinks, expected) => {
    expect(bodyHtml(body, shortLinks)).toBe(expected);
  });

  it('keeps the text: without its tags and escapes, the HTML reads the body', () => {
    const readBack = (html: string) =>
      html
        .replace(/<a [^>]*>|<\/a>/g, '')
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'")
        .replaceAll('&amp;', '&');
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('https://omega.test/t/Ab3xK9pQ', 'http://x.fr/a.', '<script>', '"', '&'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const body = pieces.join(' ');
        const html = bodyHtml(body, LOCAL);
        expect(readBack(html)).toBe(body);
        // Nothing from the body is markup: only our own anchors are tags.
        expect(html.replace(/<a [^>]*>|<\/a>/g, '')).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('the inbox page with shortLinks', () => {
  let sandbox: TwilioSandbox;
  beforeAll(async () => {
    sandbox = await start({ shortLinks: LOCAL });
  });
  afterAll(() => sandbox.stop());

  it('shows a sent SMS with its short link clickable to the local landing page', async () => {
    const auth = `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`;
    const res = await fetch(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          To: '+33612345678',
          From: 'OMEGA',
          Body: 'Votre réparation est terminée : https://omega.test/t/Zx81kLm2',
        }).toString(),
      },
    );
    expect(res.status).toBe(201);
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain(
      '<a href="http://127.0.0.1:5001/t/Zx81kLm2" target="_blank" rel="noopener"',
    );
    expect(page).toContain('short links <code>omega.test</code> open on');
  });

  it('shows the faults a message was created with', async () => {
    sandbox.reset();
    sandbox.faults.next('reset-after');
    sandbox.faults.nextCallbacks('duplicate', 'late=2000');
    const auth = `Basic ${Buffer.from(`${sandbox.accountSid}:${sandbox.authToken}`).toString('base64')}`;
    const attempt = fetch(
      `${sandbox.url}/2010-04-01/Accounts/${sandbox.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To: '+33612345678', From: 'OMEGA', Body: 'x' }).toString(),
      },
    );
    await expect(attempt).rejects.toThrow();
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(page).toContain('fault reset-after · callbacks duplicate, late=2000');
  });
});
