import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { exposureReport, exposureWindow } from '../../insights/exposure-report.js';
import type { GraphQLContext } from '../context.js';
import { pageSize } from '../pagination.js';
import { CatalogExposure, ModelVersion, modelVersionOf } from '../types/insights.js';

@Resolver()
export class InsightsResolver {
  @Query(() => [ModelVersion], { description: 'Trained model versions, newest first, with their metrics; `active` marks the one that serves.' })
  async modelVersions(@Ctx() { repos }: GraphQLContext, @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number) {
    const versions = await repos.models.list();
    return versions.slice(0, pageSize(first)).map(modelVersionOf);
  }

  @Query(() => CatalogExposure, {
    description: 'Catalog coverage and exposure concentration of the impressions shown in a window: `days` back from `to` (default now), or from `from`.',
  })
  catalogExposure(
    @Ctx() { repos }: GraphQLContext,
    @Arg('days', () => Int, { nullable: true, description: '1 to 366, default 30; ignored when from is given.' }) days?: number | null,
    @Arg('from', () => Date, { nullable: true }) from?: Date | null,
    @Arg('to', () => Date, { nullable: true }) to?: Date | null,
  ) {
    return exposureReport(repos.exposure, exposureWindow({ from, to, days }));
  }
}
