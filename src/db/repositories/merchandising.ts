import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';
import type { RankingConfig } from '../../recommend/rank/ranking-config.js';
import type { MerchandisingRule, StoredRule } from '../../recommend/rules/types.js';

export interface RankingConfigRecord {
  name: string;
  version: number;
  config: RankingConfig;
  note: string | null;
  createdAt: Date;
}

/** Ranking configurations (named, versioned, never edited in place) and merchandising rules. */
export class MerchandisingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async latestConfig(name: string): Promise<RankingConfigRecord | null> {
    const row = await this.prisma.rankingConfigVersion.findFirst({ where: { name }, orderBy: { version: 'desc' } });
    return row && { ...row, config: row.config as unknown as RankingConfig };
  }

  async configVersions(name?: string): Promise<RankingConfigRecord[]> {
    const rows = await this.prisma.rankingConfigVersion.findMany({ where: name ? { name } : {}, orderBy: [{ name: 'asc' }, { version: 'desc' }] });
    return rows.map((row) => ({ ...row, config: row.config as unknown as RankingConfig }));
  }

  /** Saves a new version of `name` (1 for a new name); earlier versions stay for comparison. */
  async saveConfig(name: string, config: RankingConfig, note: string | null): Promise<RankingConfigRecord> {
    return this.prisma.$transaction(async (tx) => {
      const latest = await tx.rankingConfigVersion.findFirst({ where: { name }, orderBy: { version: 'desc' }, select: { version: true } });
      const row = await tx.rankingConfigVersion.create({
        data: { name, version: (latest?.version ?? 0) + 1, config: config as unknown as Prisma.InputJsonValue, note },
      });
      return { ...row, config };
    });
  }

  async rules(): Promise<StoredRule[]> {
    const rows = await this.prisma.merchandisingRule.findMany({ orderBy: { createdAt: 'asc' } });
    return rows.map((row) => ({ ...row, rule: row.rule as unknown as MerchandisingRule }));
  }

  async saveRule(input: { id?: string | null; name: string; rule: MerchandisingRule; active: boolean; startsAt: Date | null; endsAt: Date | null }): Promise<StoredRule> {
    const data = {
      name: input.name,
      rule: input.rule as unknown as Prisma.InputJsonValue,
      active: input.active,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    };
    const row = input.id
      ? await this.prisma.merchandisingRule.upsert({ where: { id: input.id }, create: { id: input.id, ...data }, update: data })
      : await this.prisma.merchandisingRule.create({ data });
    return { ...row, rule: row.rule as unknown as MerchandisingRule };
  }

  async deleteRule(id: string): Promise<boolean> {
    return (await this.prisma.merchandisingRule.deleteMany({ where: { id } })).count > 0;
  }
}
