import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone } from './mask.ts';

describe('maskPhone', () => {
  it.each([
    ['+33612345678', '+336 •• •• •• 78'],
    ['whatsapp:+33612345678', '+336 •• •• •• 78'],
    ['+262692123456', '+262 •• •• •• 56'],
    ['+508551234', '+508 •• •• •• 34'],
    ['+3361', '•••'],
    ['', '•••'],
  ])('%j → %j', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it('never shows the middle digits', () => {
    expect(maskPhone('+33612345678')).not.toMatch(/1234|2345|3456/);
  });
});

describe('maskEmail', () => {
  it.each([
    ['jean.dupont@example.fr', 'j•••@example.fr'],
    ['zoe@example.fr', 'z•••@example.fr'],
    ['"a@b"@example.fr', '"•••@example.fr'],
    ['@example.fr', '•••'],
    ['no-at-sign', '•••'],
  ])('%j → %j', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });
});
