import { describe, expect, it } from 'vitest';
import { namesLocalPiece } from './stack.ts';

describe('namesLocalPiece', () => {
  it.each([
    ['smtp://127.0.0.1:1025', 1025, true],
    ['smtp://localhost:1025', 1025, true],
    ['http://127.0.0.1:8787', 8787, true],
    ['smtp://127.0.0.1:2525', 1025, false],
    ['smtps://user:pass@smtp.example.com:465', 1025, false],
    ['https://hooks.omega.fr', 8787, false],
    [undefined, 1025, false],
    ['not a url', 1025, false],
  ])('%s with the piece on port %i → %s', (url, port, expected) => {
    expect(namesLocalPiece(url, '127.0.0.1', port)).toBe(expected);
  });
});
