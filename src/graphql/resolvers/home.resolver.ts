import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { assertNoProblems, type Problem } from '../../errors.js';
import type { HomePageRequest, HomePageResult } from '../../home/home-service.js';
import { explain } from '../../recommend/explain.js';
import { pageRow, type HomeRow as CoreRow, type RowPage } from '../../recommend/rows/compose.js';
import { validateContext } from '../../realtime/validate-events.js';
import type { GraphQLContext } from '../context.js';
import { HomePage, HomeRow, RankedItem } from '../types/home.js';
import { ContextInput } from '../types/inputs.js';

const MAX_ROWS = 12;
const PREVIEW_DESCRIPTION =
  'A merchandiser looking at the page, not a shopper: the page is ranked as it would be served (experiment variant included), but nothing is recorded — no impressions, experiment exposure or bandit trials — so previews never skew coverage, results or learning.';
const MAX_ITEMS_PER_ROW = 50;

/** A row costs its items times what is selected under each. */
function pageComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const rows = typeof args.rows === 'number' ? args.rows : 6;
  const items = typeof args.itemsPerRow === 'number' ? args.itemsPerRow : typeof args.first === 'number' ? args.first : 20;
  return 1 + Math.max(rows, 1) * Math.max(items, 1) * Math.max(childComplexity, 1);
}

function checkShape(rows: number, itemsPerRow: number, userId: string | null | undefined, context: ContextInput | null | undefined): void {
  const problems: Problem[] = [];
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) problems.push({ field: 'rows', message: `must be between 1 and ${MAX_ROWS}, got ${rows}` });
  if (!Number.isInteger(itemsPerRow) || itemsPerRow < 1 || itemsPerRow > MAX_ITEMS_PER_ROW) {
    problems.push({ field: 'itemsPerRow', message: `must be between 1 and ${MAX_ITEMS_PER_ROW}, got ${itemsPerRow}` });
  }
  if (userId != null && (userId.trim() === '' || userId.length > 128)) problems.push({ field: 'userId', message: 'must be 1 to 128 characters, or left out for an anonymous visitor' });
  problems.push(...validateContext(context));
  assertNoProblems(problems);
}

/**
 * The GraphQL shape of a (slice of a) row, with explanations and impression ids; the slice is
 * recorded as shown. `trial`: a new page, not a deeper page of a row. Each item carries its
 * product, from the serving catalog: a field resolver would cost a type-graphql call per item,
 * which copies the item into a new RankedItem instance first.
 */
function toGraphRow({ home, loaders }: GraphQLContext, page: HomePageResult, row: CoreRow, slice: RowPage, trial: boolean): HomeRow {
  const impressionIds = home.shown(page, row, slice.start, slice.items, { trial, record: !page.preview });
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    reason: row.reason,
    pageInfo: slice.pageInfo,
    items: slice.items.map((item, i) => {
      const position = slice.start + i + 1;
      return {
        productId: item.productId,
        product: loaders.productNow(item.productId),
        score: item.score,
        breakdown: item.breakdown,
        reason: explain(item.reason),
        reasonCode: item.reason.code,
        serendipitous: item.serendipitous,
        position,
        impressionId: impressionIds[i],
      } as RankedItem;
    }),
  };
}

@Resolver(() => HomePage)
export class HomeResolver {
  @Query(() => HomePage, {
    description: 'A home page of ranked rows for a shopper (or an anonymous visitor) in a context.',
    complexity: pageComplexity,
  })
  async homeRows(
    @Ctx() ctx: GraphQLContext,
    @Arg('userId', () => ID, { nullable: true, description: 'Leave out for an anonymous visitor.' }) userId?: string | null,
    @Arg('context', () => ContextInput, { nullable: true }) context?: ContextInput | null,
    @Arg('rows', () => Int, { defaultValue: 6 }) rows = 6,
    @Arg('itemsPerRow', () => Int, { defaultValue: 20 }) itemsPerRow = 20,
    @Arg('rankingConfig', () => String, { nullable: true, description: 'Named ranking configuration (newest version); "default" when left out.' })
    rankingConfig?: string | null,
    @Arg('preview', () => Boolean, { defaultValue: false, description: PREVIEW_DESCRIPTION }) preview = false,
  ): Promise<HomePage> {
    checkShape(rows, itemsPerRow, userId, context);
    const request: HomePageRequest = { userId: userId ?? null, context: context ?? null, rows, itemsPerRow, configName: rankingConfig ?? undefined, preview };
    const page = await ctx.home.homePage(request);
    return {
      pageId: page.pageId,
      personalized: page.profile.personalized,
      rankingConfig: page.config,
      experiment: page.experiment,
      rows: page.rows.map((row) => toGraphRow(ctx, page, row, pageRow(page.rows, row.id, itemsPerRow)!, true)),
    };
  }

  @Query(() => HomeRow, {
    nullable: true,
    description:
      'Pages deeper into one row of the home page, ranked exactly as there. Pass the same userId, context, rows, itemsPerRow and rankingConfig as the homeRows call: the page served for them continues (for 30 minutes, while the shopper, catalog, rules, configuration and model stay unchanged; otherwise the page is ranked afresh). Null when the row is not on that page.',
    complexity: pageComplexity,
  })
  async row(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('userId', () => ID, { nullable: true }) userId?: string | null,
    @Arg('context', () => ContextInput, { nullable: true }) context?: ContextInput | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('rows', () => Int, { defaultValue: 6 }) rows = 6,
    @Arg('itemsPerRow', () => Int, { defaultValue: 20 }) itemsPerRow = 20,
    @Arg('rankingConfig', () => String, { nullable: true }) rankingConfig?: string | null,
    @Arg('preview', () => Boolean, { defaultValue: false, description: PREVIEW_DESCRIPTION }) preview = false,
  ): Promise<HomeRow | null> {
    checkShape(rows, itemsPerRow, userId, context);
    if (!Number.isInteger(first) || first < 1 || first > MAX_ITEMS_PER_ROW) {
      assertNoProblems([{ field: 'first', message: `must be between 1 and ${MAX_ITEMS_PER_ROW}, got ${first}` }]);
    }
    const page = await ctx.home.continuedPage({ userId: userId ?? null, context: context ?? null, rows, itemsPerRow, configName: rankingConfig ?? undefined, preview });
    const slice = pageRow(page.rows, id, first, after);
    return slice && toGraphRow(ctx, page, slice.row, slice, false);
  }
}
