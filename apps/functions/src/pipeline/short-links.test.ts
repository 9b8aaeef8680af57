import { parseShortLink } from '@omega/templates';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketLink, ticketShortId } from './short-links.ts';

describe('ticket short links', () => {
  it('are stable per ticket, differ between tickets and secrets, and pass the templates’ link check', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (a, b) => {
          const secret = 'secret-one-0123456789';
          const link = ticketLink(a, { domain: 'omega.fr', secret });
          expect(parseShortLink(link).ok).toBe(true);
          expect(ticketShortId(a, secret)).toBe(ticketShortId(a, secret));
          if (a !== b) expect(ticketShortId(a, secret)).not.toBe(ticketShortId(b, secret));
          expect(ticketShortId(a, secret)).not.toBe(ticketShortId(a, 'secret-two-0123456789'));
        },
      ),
    );
  });
});
