import { actionsOfferedBy, NOTIFICATION_KINDS } from '@omega/core';
import { describe, expect, it } from 'vitest';
import { emailActionUrl } from './email-actions.ts';
import { renderOrThrow } from './render.ts';
import { sampleVariables } from './samples.ts';

// Issue 16: an email that offers actions carries one link per action to the landing page, which
// opens with that action's form focused; the customer confirms there (a GET never acts).
const LINK = 'https://omega.fr/t/Ab3xK9pQ';

describe('the email’s action links', () => {
  it('a quote email links each of its actions to the landing page, in the text and the HTML', () => {
    const email = renderOrThrow(
      'status_quote_pending',
      'email',
      sampleVariables('status_quote_pending'),
    );
    expect(actionsOfferedBy('status_quote_pending')).toEqual([
      'quote_accept',
      'quote_decline',
      'call_me',
    ]);
    expect(email.text).toContain(
      [
        'Répondez directement : chaque lien ouvre votre dossier, où vous confirmez en un geste.',
        `- J'accepte le devis : ${LINK}?action=quote_accept`,
        `- Je refuse le devis : ${LINK}?action=quote_decline`,
        `- Appelez-moi : ${LINK}?action=call_me`,
      ].join('\n'),
    );
    for (const [action, label] of [
      ['quote_accept', 'J&#39;accepte le devis'],
      ['quote_decline', 'Je refuse le devis'],
      ['call_me', 'Appelez-moi'],
    ]) {
      expect(email.html).toMatch(
        new RegExp(`<a href="${LINK}\\?action=${action}" style="[^"]+">${label}</a>`),
      );
    }
    // The repair's own link stays first, as before.
    expect(email.html.indexOf(`<a href="${LINK}"`)).toBeLessThan(email.html.indexOf('?action='));
  });

  it('in English too', () => {
    const email = renderOrThrow(
      'status_completed',
      'email',
      sampleVariables('status_completed', 'en'),
      {
        locale: 'en',
      },
    );
    expect(email.text).toContain(`- I'll come tomorrow: ${LINK}?action=coming_tomorrow`);
    expect(email.html).toContain(
      'each link opens your repair page, where you confirm with one tap.',
    );
  });

  it.each(NOTIFICATION_KINDS)('%s: one link per offered action, none for the others', (kind) => {
    const vars = sampleVariables(kind);
    const email = renderOrThrow(kind, 'email', vars);
    const hasLink = 'link' in vars && Boolean((vars as { link?: string }).link);
    const expected = hasLink ? actionsOfferedBy(kind) : [];
    const inText = [...email.text.matchAll(/\?action=([a-z_]+)$/gm)].map((m) => m[1]);
    const inHtml = [...email.html.matchAll(/\?action=([a-z_]+)"/g)].map((m) => m[1]);
    expect(inText).toEqual(expected);
    expect(inHtml).toEqual(expected);
  });

  it('builds the page URL from the short link', () => {
    expect(emailActionUrl(LINK, 'coming_today')).toBe(`${LINK}?action=coming_today`);
    expect(emailActionUrl(`${LINK}?utm=x#top`, 'call_me')).toBe(`${LINK}?utm=x&action=call_me`);
  });
});
