import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ALPHA } from '../../experiments/statistics.js';
import type { ExperimentDefinition, ExperimentStatus } from '../../experiments/types.js';
import type { GraphQLContext } from '../context.js';
import { Experiment, ExperimentInput, ExperimentResults, ExperimentStatusEnum } from '../types/experiments.js';

// Input classes carry GraphQL's nulls; the core's validator accepts them as "left out".
const definition = (input: ExperimentInput) => input as unknown as ExperimentDefinition;

@Resolver()
export class ExperimentResolver {
  @Query(() => [Experiment], { description: 'Experiments, newest first; optionally only those in one status.' })
  experiments(@Ctx() { experiments }: GraphQLContext, @Arg('status', () => ExperimentStatusEnum, { nullable: true }) status?: ExperimentStatus | null) {
    return experiments.list(status ?? undefined);
  }

  @Query(() => Experiment, { nullable: true })
  experiment(@Arg('id', () => ID) id: string, @Ctx() { experiments }: GraphQLContext) {
    return experiments.get(id);
  }

  @Query(() => ExperimentResults, {
    description:
      'Per-variant exposures, impressions, CTR, add-to-cart and purchase rates, revenue per shopper, discovery and diversity, each with a 95 % interval and a significance test against the control, plus a daily series. `from`/`to` bound the window (to exclusive).',
  })
  async experimentResults(
    @Arg('id', () => ID) id: string,
    @Ctx() { experiments }: GraphQLContext,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ): Promise<ExperimentResults> {
    const report = await experiments.results(id, { from: from ?? null, to: to ?? null });
    return { ...report, alpha: ALPHA, daily: report.days };
  }

  @Mutation(() => Experiment, { description: 'Creates an experiment as a DRAFT: it serves nobody until startExperiment.' })
  createExperiment(@Arg('input', () => ExperimentInput) input: ExperimentInput, @Ctx() { experiments }: GraphQLContext) {
    return experiments.create(definition(input));
  }

  @Mutation(() => Experiment, { description: 'Replaces a DRAFT experiment\'s name, description and variants.' })
  updateExperiment(@Arg('id', () => ID) id: string, @Arg('input', () => ExperimentInput) input: ExperimentInput, @Ctx() { experiments }: GraphQLContext) {
    return experiments.update(id, definition(input));
  }

  @Mutation(() => Experiment, {
    description:
      'Starts a DRAFT experiment, or resumes a PAUSED one. Each shopper takes part in one experiment at a time: the oldest running one, so a second running experiment receives shoppers once the first is paused or ended.',
  })
  startExperiment(@Arg('id', () => ID) id: string, @Ctx() { experiments }: GraphQLContext) {
    return experiments.start(id);
  }

  @Mutation(() => Experiment, { description: 'Pauses a RUNNING experiment: its shoppers see the default page until it is started again.' })
  pauseExperiment(@Arg('id', () => ID) id: string, @Ctx() { experiments }: GraphQLContext) {
    return experiments.pause(id);
  }

  @Mutation(() => Experiment, { description: 'Ends a RUNNING or PAUSED experiment for good; its results stay available.' })
  endExperiment(@Arg('id', () => ID) id: string, @Ctx() { experiments }: GraphQLContext) {
    return experiments.end(id);
  }
}
