/**
 * Row order by Thompson sampling: every row kind of the configuration is an arm; each request
 * draws once from each arm's posterior and orders the rows by their draws. The configuration's
 * order is the prior (the first row starts with one pseudo-success, the last with almost none),
 * so an arm without evidence keeps roughly its configured place and evidence takes over as it
 * accumulates.
 */
import type { ArmCounts } from './arm-stats.js';
import { posterior } from './arm-stats.js';
import type { BetaSampler } from './beta-sampler.js';

export function thompsonOrder<Arm extends string>(configured: readonly Arm[], counts: (arm: Arm) => ArmCounts, sample: BetaSampler): Arm[] {
  const k = configured.length;
  const draws = configured.map((arm, i) => {
    const { alpha, beta } = posterior(counts(arm), { successes: (k - i) / k, failures: 0 });
    return { arm, i, draw: sample(alpha, beta) };
  });
  return draws.sort((a, b) => b.draw - a.draw || a.i - b.i).map((d) => d.arm);
}
