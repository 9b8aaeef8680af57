import { fnv1a32 } from './rollout.ts';

/** The two arms of a wording experiment: the catalogue's wording or the staff's variant. */
export type ExperimentArm = 'control' | 'variant';

/**
 * The stable experiment bucket (0–99) of a recipient: FNV-1a of `experiment:<id>:<key>`,
 * modulo 100 — the rollout's hash with its own salt, so an experiment's arms are independent
 * of every channel's rollout and of every other experiment.
 *
 * @example experimentBucket('cust_42', 'exp_1') // the same number on every call
 */
export function experimentBucket(key: string, experimentId: string): number {
  return fnv1a32(`experiment:${experimentId}:${key}`) % 100;
}

/**
 * Which arm a recipient (customer id, or client id for walk-ins) is in: `variant` when its
 * bucket is below `variantPercent` (0–100), else `control`. The same customer always gets the
 * same wording during an experiment, whatever the channel or the message.
 *
 * @example experimentArm('cust_42', 'exp_1', 50) // 'control' or 'variant', always the same
 */
export function experimentArm(
  key: string,
  experimentId: string,
  variantPercent: number,
): ExperimentArm {
  if (!(variantPercent >= 0 && variantPercent <= 100)) {
    throw new RangeError(`variantPercent must be between 0 and 100, got ${variantPercent}`);
  }
  return experimentBucket(key, experimentId) < variantPercent ? 'variant' : 'control';
}

/** Successes out of trials for one arm (e.g. 48 read out of 60 delivered). */
export type BinomialCount = { successes: number; trials: number };

/** Lanczos coefficients (g = 7, n = 9): ln Γ to about 15 significant digits. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < 9; i += 1) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

function checkCount(name: string, count: BinomialCount): void {
  const { successes, trials } = count;
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0) {
    throw new RangeError(`${name}: successes and trials must be non-negative integers`);
  }
  if (successes > trials) {
    throw new RangeError(`${name}: ${successes} successes out of ${trials} trials`);
  }
}

/**
 * P(p_B > p_A) for A ~ Beta(αA, βA), B ~ Beta(αB, βB) with integer αB, exactly
 * (Evan Miller's closed form): Σ_{i<αB} B(αA+i, βA+βB) / ((βB+i) B(1+i, βB) B(αA, βA)).
 */
function probabilityBAboveA(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  const base = logBeta(aA, bA);
  for (let i = 0; i < aB; i += 1) {
    total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - base);
  }
  return total;
}

/**
 * The probability that the variant's true rate is higher than the control's, with a uniform
 * Beta(1, 1) prior on each rate and a binomial likelihood: the posteriors are
 * Beta(1 + successes, 1 + failures), and P(variant > control) is computed exactly (a finite
 * sum of Beta functions over the smaller arm, no sampling). 0.5 with no data at all.
 * Throws a `RangeError` on counts that are not integers or have more successes than trials.
 *
 * @example probabilityVariantBetter({ successes: 0, trials: 0 }, { successes: 1, trials: 1 }) // 2/3
 */
export function probabilityVariantBetter(control: BinomialCount, variant: BinomialCount): number {
  checkCount('control', control);
  checkCount('variant', variant);
  const aA = 1 + control.successes;
  const bA = 1 + control.trials - control.successes;
  const aB = 1 + variant.successes;
  const bB = 1 + variant.trials - variant.successes;
  // The sum has αB terms; P(B > A) = 1 − P(A > B) lets it run over the smaller α.
  const p = aB <= aA ? probabilityBAboveA(aA, bA, aB, bB) : 1 - probabilityBAboveA(aB, bB, aA, bA);
  return Math.min(1, Math.max(0, p));
}

/** When a comparison may name a winner. */
export type ComparisonRule = {
  /** Trials each arm needs before any verdict (default 100). */
  minTrialsPerArm: number;
  /** P(variant > control) at or above which the variant wins, at or below 1 − it the control (default 0.95). */
  threshold: number;
};

/** The default rule: 100 trials in each arm, 95 %. */
export const DEFAULT_COMPARISON_RULE: ComparisonRule = { minTrialsPerArm: 100, threshold: 0.95 };

/**
 * What a comparison allows staff to say:
 * - `collecting`: an arm has fewer trials than the rule's minimum — no winner, whatever the rates;
 * - `variant_better` / `control_better`: the probability passed the threshold one way;
 * - `undecided`: enough data, no clear difference (yet).
 */
export type ComparisonVerdict = 'collecting' | 'variant_better' | 'control_better' | 'undecided';

/** One metric compared between the arms. */
export type ArmComparison = {
  control: BinomialCount & { rate: number | null; posteriorMean: number };
  variant: BinomialCount & { rate: number | null; posteriorMean: number };
  /** P(variant's rate > control's rate), 0–1. */
  probabilityVariantBetter: number;
  verdict: ComparisonVerdict;
  /** Trials still missing in the smaller arm before a verdict is allowed (0 once enough). */
  trialsMissing: number;
};

function describe(count: BinomialCount) {
  return {
    ...count,
    rate: count.trials === 0 ? null : count.successes / count.trials,
    posteriorMean: (1 + count.successes) / (2 + count.trials),
  };
}

/**
 * Compares one rate (delivered, read, replied, link opened…) between the arms: observed
 * rates, posterior means, P(variant > control) and a verdict that needs at least
 * `rule.minTrialsPerArm` trials in each arm — so nobody declares a winner on 12 messages.
 *
 * @example
 * compareArms({ successes: 40, trials: 100 }, { successes: 55, trials: 100 });
 * // probabilityVariantBetter ≈ 0.983, verdict 'variant_better'
 */
export function compareArms(
  control: BinomialCount,
  variant: BinomialCount,
  rule: ComparisonRule = DEFAULT_COMPARISON_RULE,
): ArmComparison {
  if (!(rule.threshold > 0.5 && rule.threshold < 1)) {
    throw new RangeError(`threshold must be between 0.5 and 1, got ${rule.threshold}`);
  }
  if (!Number.isInteger(rule.minTrialsPerArm) || rule.minTrialsPerArm < 1) {
    throw new RangeError(`minTrialsPerArm must be a positive integer, got ${rule.minTrialsPerArm}`);
  }
  const probability = probabilityVariantBetter(control, variant);
  const smaller = Math.min(control.trials, variant.trials);
  const trialsMissing = Math.max(0, rule.minTrialsPerArm - smaller);
  let verdict: ComparisonVerdict = 'undecided';
  if (trialsMissing > 0) verdict = 'collecting';
  else if (probability >= rule.threshold) verdict = 'variant_better';
  else if (probability <= 1 - rule.threshold) verdict = 'control_better';
  return {
    control: describe(control),
    variant: describe(variant),
    probabilityVariantBetter: probability,
    verdict,
    trialsMissing,
  };
}
