import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { InputError, type Problem } from '../../errors.js';
import type { GraphQLContext } from '../context.js';
import { ModelVersion, modelVersionOf } from '../types/insights.js';
import { TrainingJob } from '../types/training.js';

const MAX_EPOCHS = 100;

@Resolver()
export class TrainingResolver {
  @Mutation(() => TrainingJob, {
    description:
      'Starts retraining the two-tower model on the current data, off the serving thread, and returns at once; follow it with `trainingJob`. ' +
      'With activate, the new version serves unless its validation NDCG is below the active version\'s; requests in flight finish on the old model.',
  })
  trainModel(
    @Ctx() { training }: GraphQLContext,
    @Arg('activate', () => Boolean, { defaultValue: true }) activate: boolean,
    @Arg('epochs', () => Int, { nullable: true }) epochs?: number | null,
    @Arg('seed', () => Int, { nullable: true }) seed?: number | null,
    @Arg('batchSize', () => Int, { nullable: true }) batchSize?: number | null,
  ) {
    const problems: Problem[] = [];
    if (epochs != null && !(epochs >= 1 && epochs <= MAX_EPOCHS)) problems.push({ field: 'epochs', message: `must be between 1 and ${MAX_EPOCHS}` });
    if (batchSize != null && !(batchSize >= 8 && batchSize <= 65_536)) problems.push({ field: 'batchSize', message: 'must be between 8 and 65536' });
    if (problems.length) throw new InputError(problems);
    const train = Object.fromEntries(Object.entries({ epochs, seed, batchSize }).filter(([, v]) => v != null));
    return training.start({ activate, train });
  }

  @Mutation(() => ModelVersion, {
    description:
      'Serves a registered model version: a rollback to an earlier one, or one trained with activate: false (the validation gate of trainModel does not apply). ' +
      'Embeds the catalog with it, then swaps it in here and on the other gateways; requests in flight finish on the old model. Refused while a training job runs.',
  })
  async activateModel(@Ctx() { training }: GraphQLContext, @Arg('versionId', () => ID) versionId: string) {
    const id = Number(versionId);
    if (!/^\d+$/.test(versionId) || !Number.isSafeInteger(id)) throw new InputError([{ field: 'versionId', message: `must be a model version id as listed by modelVersions, got "${versionId}"` }]);
    return modelVersionOf(await training.activateVersion(id));
  }

  @Query(() => TrainingJob, { nullable: true, description: 'The running training job, else the last one this gateway ran.' })
  trainingJob(@Ctx() { training }: GraphQLContext) {
    return training.latest;
  }
}
