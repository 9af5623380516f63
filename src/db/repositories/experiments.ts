import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { DayAggregate, VariantAggregate } from '../../experiments/results.js';
import type { Moments } from '../../experiments/statistics.js';
import type { ExperimentDefinition, ExperimentStatus, Treatment } from '../../experiments/types.js';

export interface ExperimentRecord {
  id: string;
  name: string;
  description: string;
  status: ExperimentStatus;
  salt: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  /** In order: the first is the control. */
  variants: { key: string; share: number; treatment: Treatment }[];
}

/** Exposures gathered in memory since the last write, one per experiment and shopper. */
export interface ExposureBatchRow {
  experimentId: string;
  userId: string;
  variant: string;
  firstExposedAt: Date;
  lastExposedAt: Date;
  pages: number;
}

/** Bounds of a results query; either may be left out. */
export interface ResultsWindow {
  from: Date | null;
  to: Date | null;
}

const WITH_VARIANTS = { variants: { orderBy: { position: 'asc' } } } as const satisfies Prisma.ExperimentInclude;
type Row = Prisma.ExperimentGetPayload<{ include: typeof WITH_VARIANTS }>;

function toRecord(row: Row): ExperimentRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status,
    salt: row.salt,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    variants: row.variants.map((v) => ({ key: v.key, share: v.share, treatment: v.treatment as Treatment })),
  };
}

function variantRows(definition: ExperimentDefinition) {
  return definition.variants.map((v, position) => ({ key: v.key, share: v.share, treatment: v.treatment as Prisma.InputJsonValue, position }));
}

// Timestamps travel as ISO text: the columns are `timestamp` holding UTC wall time, and the cast
// ignores the trailing "Z" whatever the session's time zone.
const iso = (date: Date | null) => date?.toISOString() ?? null;
const within = (column: string) => `($2::timestamp IS NULL OR ${column} >= $2::timestamp) AND ($3::timestamp IS NULL OR ${column} < $3::timestamp)`;
// Interactions that show engagement; rejections (SKIP, DISMISS, RETURN) are not discoveries.
const ENGAGEMENT = `('VIEW', 'CLICK', 'DWELL', 'WISHLIST', 'ADD_TO_CART', 'PURCHASE')`;

/**
 * Experiments with their variants, the exposure log, and the aggregates behind experiment
 * results: every figure is grouped by variant in the database, never computed from loaded rows.
 */
export class ExperimentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(status?: ExperimentStatus): Promise<ExperimentRecord[]> {
    const rows = await this.prisma.experiment.findMany({ where: status ? { status } : {}, include: WITH_VARIANTS, orderBy: { createdAt: 'desc' } });
    return rows.map(toRecord);
  }

  /** Running experiments, oldest first: a shopper joins the first of them. */
  async running(): Promise<ExperimentRecord[]> {
    const rows = await this.prisma.experiment.findMany({ where: { status: 'RUNNING' }, include: WITH_VARIANTS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toRecord);
  }

  async byId(id: string): Promise<ExperimentRecord | null> {
    const row = await this.prisma.experiment.findUnique({ where: { id }, include: WITH_VARIANTS });
    return row && toRecord(row);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (await this.prisma.experiment.count({ where: { name, ...(exceptId ? { NOT: { id: exceptId } } : {}) } })) > 0;
  }

  async rankingConfigNames(): Promise<string[]> {
    const rows = await this.prisma.rankingConfigVersion.findMany({ distinct: ['name'], select: { name: true } });
    return rows.map((r) => r.name);
  }

  async create(definition: ExperimentDefinition, salt: string): Promise<ExperimentRecord> {
    const row = await this.prisma.experiment.create({
      data: { name: definition.name, description: definition.description ?? '', salt, variants: { create: variantRows(definition) } },
      include: WITH_VARIANTS,
    });
    return toRecord(row);
  }

  /** Replaces name, description and variants while the experiment is still a draft; null otherwise. */
  async replaceDraft(id: string, definition: ExperimentDefinition): Promise<ExperimentRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.experiment.updateMany({ where: { id, status: 'DRAFT' }, data: { name: definition.name, description: definition.description ?? '' } });
      if (updated.count === 0) return null;
      await tx.experimentVariant.deleteMany({ where: { experimentId: id } });
      await tx.experimentVariant.createMany({ data: variantRows(definition).map((v) => ({ ...v, experimentId: id })) });
      return toRecord(await tx.experiment.findUniqueOrThrow({ where: { id }, include: WITH_VARIANTS }));
    });
  }

  /**
   * Moves the experiment from `from` to `to` only if it is still in `from` (another request or
   * replica may have moved it meanwhile); null when it was not.
   */
  async transition(id: string, from: ExperimentStatus, to: ExperimentStatus, stamps: { startedAt?: Date; endedAt?: Date }): Promise<ExperimentRecord | null> {
    const updated = await this.prisma.experiment.updateMany({ where: { id, status: from }, data: { status: to, ...stamps } });
    return updated.count === 0 ? null : this.byId(id);
  }

  /** Adds a batch of exposures: the earliest first and latest last exposure win, pages add up. */
  async recordExposures(rows: readonly ExposureBatchRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO experiment_exposures (experiment_id, user_id, variant, first_exposed_at, last_exposed_at, pages)
       SELECT u.experiment_id, u.user_id, u.variant, u.first_exposed_at, u.last_exposed_at, u.pages
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]::timestamp(3)[], $5::text[]::timestamp(3)[], $6::integer[])
            AS u(experiment_id, user_id, variant, first_exposed_at, last_exposed_at, pages)
       -- an experiment deleted meanwhile must not fail the rest of the batch
       JOIN experiments e ON e.id = u.experiment_id
       ON CONFLICT (experiment_id, user_id) DO UPDATE SET
         first_exposed_at = LEAST(experiment_exposures.first_exposed_at, EXCLUDED.first_exposed_at),
         last_exposed_at = GREATEST(experiment_exposures.last_exposed_at, EXCLUDED.last_exposed_at),
         pages = experiment_exposures.pages + EXCLUDED.pages`,
      rows.map((r) => r.experimentId),
      rows.map((r) => r.userId),
      rows.map((r) => r.variant),
      rows.map((r) => r.firstExposedAt.toISOString()),
      rows.map((r) => r.lastExposedAt.toISOString()),
      rows.map((r) => r.pages),
    );
  }

  /**
   * Per variant: exposed shoppers (exposed within the window), what was shown (impressions in the
   * window), attributed clicks, and what the shoppers did after their first exposure.
   */
  async aggregates(id: string, keys: readonly string[], window: ResultsWindow): Promise<VariantAggregate[]> {
    const params = [id, iso(window.from), iso(window.to)];
    const exposedCte = `exposed AS (
        SELECT user_id, variant, first_exposed_at FROM experiment_exposures
        WHERE experiment_id = $1 AND ($2::timestamp IS NULL OR last_exposed_at >= $2::timestamp) AND ($3::timestamp IS NULL OR first_exposed_at < $3::timestamp))`;
    const [shown, clicks, outcomes, discovery, diversity] = await Promise.all([
      this.query<{ variant: string; impressions: number; pages: number }>(
        `SELECT variant, SUM(cardinality(product_ids))::int AS impressions, COUNT(DISTINCT page_id)::int AS pages
         FROM impressions WHERE experiment_id = $1 AND ${within('shown_at')} GROUP BY variant`,
        params,
      ),
      this.query<{ variant: string; clicked: number }>(
        `SELECT variant, COUNT(DISTINCT impression_id)::int AS clicked
         FROM interactions WHERE experiment_id = $1 AND type = 'CLICK' AND impression_id IS NOT NULL AND ${within('occurred_at')}
         GROUP BY variant`,
        params,
      ),
      this.query<{
        variant: string;
        shoppers: number;
        adding: number;
        purchasing: number;
        revenue: number;
        revenue_squares: number;
        net_revenue: number;
        net_revenue_squares: number;
      }>(
        // A return counts against the variant only when it undoes a purchase made under it, valued
        // at what that purchase paid: returning something bought before exposure says nothing of the variant.
        `WITH ${exposedCte},
         per_shopper AS (
           SELECT e.variant, e.user_id,
                  BOOL_OR(i.type = 'ADD_TO_CART') AS added,
                  BOOL_OR(i.type = 'PURCHASE') AS purchased,
                  COALESCE(SUM(COALESCE(i.quantity, 1) * COALESCE(i.unit_price, p.price)) FILTER (WHERE i.type = 'PURCHASE'), 0)::float8 AS revenue,
                  COALESCE(SUM(COALESCE(i.quantity, 1) * bought.paid) FILTER (WHERE i.type = 'RETURN'), 0)::float8 AS returned
           FROM exposed e
           LEFT JOIN interactions i ON i.user_id = e.user_id AND i.occurred_at >= e.first_exposed_at AND i.type IN ('ADD_TO_CART', 'PURCHASE', 'RETURN')
                                    AND ${within('i.occurred_at')}
           LEFT JOIN products p ON p.id = i.product_id
           LEFT JOIN LATERAL (
             SELECT COALESCE(b.unit_price, p.price) AS paid FROM interactions b
             WHERE b.user_id = i.user_id AND b.product_id = i.product_id AND b.type = 'PURCHASE'
               AND b.occurred_at >= e.first_exposed_at AND b.occurred_at <= i.occurred_at
             ORDER BY b.occurred_at DESC LIMIT 1) bought ON i.type = 'RETURN'
           GROUP BY e.variant, e.user_id)
         SELECT variant, COUNT(*)::int AS shoppers, (COUNT(*) FILTER (WHERE added))::int AS adding, (COUNT(*) FILTER (WHERE purchased))::int AS purchasing,
                SUM(revenue)::float8 AS revenue, SUM(revenue * revenue)::float8 AS revenue_squares,
                SUM(revenue - returned)::float8 AS net_revenue, SUM((revenue - returned) * (revenue - returned))::float8 AS net_revenue_squares
         FROM per_shopper GROUP BY variant`,
        params,
      ),
      this.query<{ variant: string; interactions: number; discoveries: number }>(
        `WITH ${exposedCte}
         SELECT e.variant, COUNT(*)::int AS interactions,
                (COUNT(*) FILTER (WHERE NOT EXISTS (
                   SELECT 1 FROM interactions b WHERE b.user_id = i.user_id AND b.product_id = i.product_id AND b.occurred_at < e.first_exposed_at)))::int AS discoveries
         FROM exposed e
         JOIN interactions i ON i.user_id = e.user_id AND i.occurred_at >= e.first_exposed_at AND i.type IN ${ENGAGEMENT} AND ${within('i.occurred_at')}
         GROUP BY e.variant`,
        params,
      ),
      this.query<{ variant: string; pages: number; categories: number; categories_squares: number; brands: number; brands_squares: number }>(
        `WITH per_page AS (
           SELECT i.variant, i.page_id, COUNT(DISTINCT p.category)::float8 AS categories, COUNT(DISTINCT p.brand_id)::float8 AS brands
           FROM impressions i CROSS JOIN LATERAL unnest(i.product_ids) AS s(product_id) JOIN products p ON p.id = s.product_id
           WHERE i.experiment_id = $1 AND ${within('i.shown_at')}
           GROUP BY i.variant, i.page_id)
         SELECT variant, COUNT(*)::int AS pages, SUM(categories)::float8 AS categories, SUM(categories * categories)::float8 AS categories_squares,
                SUM(brands)::float8 AS brands, SUM(brands * brands)::float8 AS brands_squares
         FROM per_page GROUP BY variant`,
        params,
      ),
    ]);
    const of = <T extends { variant: string }>(rows: T[], key: string) => rows.find((r) => r.variant === key);
    return keys.map((key): VariantAggregate => {
      const s = of(shown, key);
      const o = of(outcomes, key);
      const d = of(discovery, key);
      const v = of(diversity, key);
      const moments = (n = 0, sum = 0, sumSquares = 0): Moments => ({ n, sum, sumSquares });
      return {
        key,
        shoppers: o?.shoppers ?? 0,
        pages: s?.pages ?? 0,
        impressions: s?.impressions ?? 0,
        clickedImpressions: of(clicks, key)?.clicked ?? 0,
        shoppersAddingToCart: o?.adding ?? 0,
        shoppersPurchasing: o?.purchasing ?? 0,
        revenue: moments(o?.shoppers, o?.revenue, o?.revenue_squares),
        netRevenue: moments(o?.shoppers, o?.net_revenue, o?.net_revenue_squares),
        interactions: d?.interactions ?? 0,
        discoveries: d?.discoveries ?? 0,
        categoriesPerPage: moments(v?.pages, v?.categories, v?.categories_squares),
        brandsPerPage: moments(v?.pages, v?.brands, v?.brands_squares),
      };
    });
  }

  /** Per variant and UTC day: new exposures, impressions and attributed clicks. */
  async days(id: string, window: ResultsWindow): Promise<(DayAggregate & { variant: string })[]> {
    const params = [id, iso(window.from), iso(window.to)];
    const day = (column: string) => `to_char(date_trunc('day', ${column}), 'YYYY-MM-DD')`;
    const [exposures, impressions, clicks] = await Promise.all([
      this.query<{ variant: string; day: string; n: number }>(
        `SELECT variant, ${day('first_exposed_at')} AS day, COUNT(*)::int AS n FROM experiment_exposures
         WHERE experiment_id = $1 AND ${within('first_exposed_at')} GROUP BY 1, 2`,
        params,
      ),
      this.query<{ variant: string; day: string; n: number }>(
        `SELECT variant, ${day('shown_at')} AS day, SUM(cardinality(product_ids))::int AS n FROM impressions
         WHERE experiment_id = $1 AND ${within('shown_at')} GROUP BY 1, 2`,
        params,
      ),
      this.query<{ variant: string; day: string; n: number }>(
        `SELECT variant, ${day('occurred_at')} AS day, COUNT(DISTINCT impression_id)::int AS n FROM interactions
         WHERE experiment_id = $1 AND type = 'CLICK' AND impression_id IS NOT NULL AND ${within('occurred_at')} GROUP BY 1, 2`,
        params,
      ),
    ]);
    const byKey = new Map<string, DayAggregate & { variant: string }>();
    const add = (rows: { variant: string; day: string; n: number }[], field: 'exposures' | 'impressions' | 'clicks') => {
      for (const row of rows) {
        const key = `${row.variant}\u0000${row.day}`;
        let entry = byKey.get(key);
        if (!entry) byKey.set(key, (entry = { variant: row.variant, day: row.day, exposures: 0, impressions: 0, clicks: 0 }));
        entry[field] = row.n;
      }
    };
    add(exposures, 'exposures');
    add(impressions, 'impressions');
    add(clicks, 'clicks');
    return [...byKey.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.prisma.$queryRawUnsafe<T[]>(sql, ...params);
  }
}
