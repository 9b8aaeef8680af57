import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { legacyGraphemes } from './graphemes.ts';

/** Twilio's calculator's clusters (it splits CR LF itself; no such pair below). */
const twilio = (text: string) => new SegmentedMessage(text, 'auto').graphemes;

describe('legacyGraphemes', () => {
  // Where today's Unicode (Intl.Segmenter) and the calculator's Unicode 10 disagree, and a
  // few where they agree; each row is checked against the calculator itself.
  it.each([
    ['❤️‍🔥', ['❤️‍', '🔥']], // 🔥 was not glued after a joiner in Unicode 10
    ['👩🏽‍💻', ['👩🏽‍💻']],
    ['👨‍👩‍👧', ['👨‍👩‍👧']],
    ['a\u200d♀', ['a\u200d♀']], // ♀ glued after any joiner
    ['🏃‍♀️', ['🏃‍♀️']],
    ['👍🏽', ['👍🏽']],
    ['🫶🏽', ['🫶', '🏽']], // 🫶 (Unicode 14) is no modifier base of Unicode 10
    ['🤝🏽', ['🤝', '🏽']],
    ['a🏽', ['a', '🏽']],
    ['☝\u0301🏽', ['☝\u0301🏽']],
    ['☝\u0301\u0301🏽', ['☝\u0301\u0301', '🏽']],
    ['🇫🇷🇧🇪', ['🇫🇷', '🇧🇪']],
    ['🇫🇷🇧', ['🇫🇷', '🇧']],
    ['क्षि', ['क्', 'षि']], // no Indic conjuncts before Unicode 15.1
    ['e\u0301', ['e\u0301']],
    ['a\u1ac1', ['a', '\u1ac1']], // a mark of Unicode 14
    ['a\u1cf2', ['a\u1cf2']], // a spacing mark then, not now
    ['\u0600\u0661', ['\u0600\u0661']], // prepended number sign
    ['\u0890a', ['\u0890', 'a']], // a prepended mark of Unicode 14
    ['\u0600\u00ad', ['\u0600', '\u00ad']], // a format character stands alone
    ['\u1100\u1161\u11a8', ['\u1100\u1161\u11a8']],
    ['한국', ['한', '국']],
    ['\uD83D\u200d', ['\uD83D', '\u200d']], // a lone surrogate
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(legacyGraphemes(text)).toEqual(expected);
    expect(twilio(text)).toEqual(expected);
  });
});
