import { NOTIFICATION_KINDS, TICKET_STATUSES } from '@omega/core';
import { describe, expect, it, vi } from 'vitest';
import { checkVariables } from '../variables.ts';
import { generateCorpus } from './corpus.ts';

describe('generateCorpus', () => {
  const corpus = generateCorpus();

  it('is deterministic and never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    const again = generateCorpus();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(again).toEqual(corpus);
    expect(generateCorpus({ seed: 1 })).not.toEqual(corpus);
  });

  it('has at least 1,000 valid cases covering every template, status and both languages', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(corpus.map((c) => c.kind))).toEqual(new Set(NOTIFICATION_KINDS));
    const statuses = new Set(corpus.flatMap((c) => ('status' in c.vars ? [c.vars.status] : [])));
    expect(statuses).toEqual(new Set(TICKET_STATUSES));
    expect(new Set(corpus.map((c) => c.locale))).toEqual(new Set(['fr', 'en']));
    for (const c of corpus) expect(checkVariables(c.kind, c.vars).ok).toBe(true);
  });

  it('contains the hard cases: accented and hyphenated names, long devices, 8–12 character links', () => {
    const names = corpus.flatMap((c) =>
      'firstName' in c.vars && c.vars.firstName ? [c.vars.firstName] : [],
    );
    const devices = corpus.flatMap((c) => ('device' in c.vars ? [c.vars.device] : []));
    const links = corpus.flatMap((c) => ('link' in c.vars && c.vars.link ? [c.vars.link] : []));
    for (const name of ['Marie-Hélène', 'Françoise', 'Jérôme', 'Anaïs', 'Zoé'])
      expect(names).toContain(name);
    expect(devices).toContain('Samsung Galaxy Z Fold6 5G 512 Go');
    expect(devices).toContain('iPhone 15 Pro Max 256 Go');
    const idLengths = new Set(links.map((l) => l.split('/t/')[1]?.length));
    expect(idLengths).toEqual(new Set([8, 9, 10, 11, 12]));
  });
});
