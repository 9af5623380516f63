import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export const TrainingJobStateEnum = { RUNNING: 'RUNNING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED' } as const;
registerEnumType(TrainingJobStateEnum, { name: 'TrainingJobState', description: 'Where a training job is.' });

@ObjectType({ description: 'How far a training job has come.' })
export class TrainingProgress {
  @Field(() => Int)
  epoch!: number;

  @Field(() => Int, { description: 'Maximum epochs; early stopping may end sooner.' })
  epochs!: number;

  @Field(() => Int)
  step!: number;

  @Field(() => Int, { description: 'Steps per epoch.' })
  steps!: number;

  @Field(() => Float)
  loss!: number;

  @Field(() => Float)
  examplesPerSecond!: number;
}

@ObjectType({ description: 'A retraining of the two-tower model inside the serving gateway.' })
export class TrainingJob {
  @Field(() => ID)
  id!: number;

  @Field(() => TrainingJobStateEnum)
  state!: keyof typeof TrainingJobStateEnum;

  @Field(() => Boolean, { description: 'Whether the new version is to serve if it is no worse than the active one.' })
  activate!: boolean;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => TrainingProgress, { nullable: true })
  progress!: TrainingProgress | null;

  @Field(() => Int, { nullable: true, description: 'The registered model version, once training has finished.' })
  versionId!: number | null;

  @Field(() => Boolean)
  activated!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the version was or was not activated, or why the job failed.' })
  decision!: string | null;

  @Field(() => Float, { nullable: true, description: "The new version's validation NDCG." })
  validationNdcg!: number | null;
}
