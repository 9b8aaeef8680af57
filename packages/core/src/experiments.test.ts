import { describe, expect, it } from 'vitest';
import {
  compareArms,
  DEFAULT_COMPARISON_RULE,
  experimentArm,
  experimentBucket,
  probabilityVariantBetter,
} from './experiments.ts';
import { rolloutBucket } from './rollout.ts';

describe('probabilityVariantBetter (Beta(1,1) priors, exact)', () => {
  // Reference values: hand-computed integrals for the small cases, scipy's quad of
  // ∫ f_B(x) F_A(x) dx for the others (independent of the closed form used here).
  it.each([
    // no data: both arms Beta(1,1), a coin toss
    [0, 0, 0, 0, 0.5],
    // worked example: A ~ Beta(1,1), B ~ Beta(2,1); P(B > A) = ∫ 2y · y dy = 2/3
    [0, 0, 1, 1, 2 / 3],
    // A ~ Beta(1,2), B ~ Beta(2,1); ∫ 2y (2y − y²) dy = 4/3 − 1/2 = 5/6
    [0, 1, 1, 1, 5 / 6],
    [3, 6, 6, 6, 0.9650349650349651],
    [40, 100, 55, 100, 0.9828458862350182],
    [90, 100, 95, 100, 0.9042682118576957],
    [480, 1000, 520, 1000, 0.9631219939624449],
    [120, 150, 118, 150, 0.3885811537052647],
  ])('control %i/%i, variant %i/%i → %f', (cs, ct, vs, vt, expected) => {
    const p = probabilityVariantBetter(
      { successes: cs, trials: ct },
      { successes: vs, trials: vt },
    );
    expect(p).toBeCloseTo(expected, 9);
  });

  it('is symmetric: swapping the arms gives 1 − p', () => {
    const a = { successes: 17, trials: 40 };
    const b = { successes: 30, trials: 45 };
    expect(probabilityVariantBetter(a, b) + probabilityVariantBetter(b, a)).toBeCloseTo(1, 12);
  });

  it.each([
    [{ successes: 3, trials: 2 }, 'control: 3 successes out of 2 trials'],
    [{ successes: -1, trials: 2 }, 'control: successes and trials must be non-negative integers'],
    [{ successes: 1.5, trials: 2 }, 'control: successes and trials must be non-negative integers'],
  ])('refuses impossible counts %o', (control, message) => {
    expect(() => probabilityVariantBetter(control, { successes: 0, trials: 0 })).toThrow(message);
  });
});

describe('compareArms', () => {
  it('worked example: 40/100 vs 55/100 read → the variant wins at 98.3 %', () => {
    const result = compareArms({ successes: 40, trials: 100 }, { successes: 55, trials: 100 });
    expect(result.verdict).toBe('variant_better');
    expect(result.probabilityVariantBetter).toBeCloseTo(0.98285, 5);
    expect(result.control).toEqual({
      successes: 40,
      trials: 100,
      rate: 0.4,
      posteriorMean: 41 / 102,
    });
    expect(result.variant.rate).toBe(0.55);
    expect(result.trialsMissing).toBe(0);
  });

  it('names no winner on 12 messages, however lopsided', () => {
    const result = compareArms({ successes: 0, trials: 6 }, { successes: 6, trials: 6 });
    expect(result.probabilityVariantBetter).toBeGreaterThan(0.99);
    expect(result.verdict).toBe('collecting');
    expect(result.trialsMissing).toBe(94);
  });

  it.each([
    [{ successes: 55, trials: 100 }, { successes: 40, trials: 100 }, 'control_better'],
    [{ successes: 90, trials: 100 }, { successes: 95, trials: 100 }, 'undecided'],
    [{ successes: 0, trials: 0 }, { successes: 0, trials: 0 }, 'collecting'],
  ] as const)('%o vs %o → %s', (control, variant, verdict) => {
    expect(compareArms(control, variant).verdict).toBe(verdict);
  });

  it('the minimum and the threshold are the rule’s', () => {
    const small = compareArms(
      { successes: 0, trials: 6 },
      { successes: 6, trials: 6 },
      { minTrialsPerArm: 5, threshold: 0.99 },
    );
    expect(small.verdict).toBe('variant_better');
    expect(DEFAULT_COMPARISON_RULE).toEqual({ minTrialsPerArm: 100, threshold: 0.95 });
    expect(() =>
      compareArms(
        { successes: 0, trials: 0 },
        { successes: 0, trials: 0 },
        { minTrialsPerArm: 0, threshold: 0.95 },
      ),
    ).toThrow('minTrialsPerArm must be a positive integer');
    expect(() =>
      compareArms(
        { successes: 0, trials: 0 },
        { successes: 0, trials: 0 },
        { minTrialsPerArm: 10, threshold: 0.4 },
      ),
    ).toThrow('threshold must be between 0.5 and 1');
  });
});

describe('experimentArm', () => {
  const keys = Array.from({ length: 4000 }, (_, i) => `cust_${i}`);

  it('is stable: the same customer always gets the same arm', () => {
    for (const key of keys.slice(0, 50)) {
      expect(experimentArm(key, 'exp_1', 50)).toBe(experimentArm(key, 'exp_1', 50));
    }
  });

  it('splits customers by the percentage', () => {
    const share =
      keys.filter((k) => experimentArm(k, 'exp_1', 50) === 'variant').length / keys.length;
    expect(share).toBeGreaterThan(0.46);
    expect(share).toBeLessThan(0.54);
    expect(keys.every((k) => experimentArm(k, 'exp_1', 0) === 'control')).toBe(true);
    expect(keys.every((k) => experimentArm(k, 'exp_1', 100) === 'variant')).toBe(true);
  });

  it('raising the percentage keeps everyone who had the variant', () => {
    for (const key of keys) {
      if (experimentArm(key, 'exp_1', 20) === 'variant')
        expect(experimentArm(key, 'exp_1', 50)).toBe('variant');
    }
  });

  it('is independent of the rollout buckets and of other experiments', () => {
    const same = keys.filter(
      (k) => experimentBucket(k, 'exp_1') === rolloutBucket(k, 'sms'),
    ).length;
    expect(same).toBeLessThan(keys.length * 0.05);
    const agree = keys.filter(
      (k) => experimentArm(k, 'exp_1', 50) === experimentArm(k, 'exp_2', 50),
    ).length;
    expect(agree / keys.length).toBeGreaterThan(0.45);
    expect(agree / keys.length).toBeLessThan(0.55);
  });

  it('refuses a percentage outside 0–100', () => {
    expect(() => experimentArm('c', 'e', 101)).toThrow('variantPercent must be between 0 and 100');
    expect(() => experimentArm('c', 'e', Number.NaN)).toThrow('variantPercent');
  });
});
