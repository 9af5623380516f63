import type { CollectionEntryRole, CollectionKind } from '../catalog/types.js';
import type { CollectionWrite } from '../db/repositories/collections.js';
import type { Repositories } from '../db/repositories/index.js';
import { assertNoProblems, InputError, type Problem } from '../errors.js';
import { DEFAULT_RANKING_CONFIG, type RankingConfig } from '../recommend/rank/ranking-config.js';
import { validateRankingConfig } from '../recommend/rank/validate-config.js';
import type { MerchandisingRule } from '../recommend/rules/types.js';
import { validateRule } from '../recommend/rules/validate.js';
import { validateCollectionRule } from '../recommend/validate-collection-rule.js';
import type { ChangeFeed } from '../sync/change-feed.js';
import type { HomeService } from './home-service.js';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;
const MAX_MEMBERS = 1_000;

export interface RuleInput {
  id?: string | null;
  name: string;
  rule: unknown;
  active?: boolean | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export interface CollectionInput {
  slug: string;
  title: string;
  description?: string | null;
  kind: CollectionKind;
  rule?: unknown;
  active?: boolean | null;
  position?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  /** Editorial members in order; replaces the current members when given. */
  members?: string[] | null;
}

/**
 * What merchandisers change: ranking configurations, rules and collections. Everything is
 * validated before it is written, and the home page sees the change on its next request.
 */
export class MerchandisingService {
  constructor(
    private readonly repos: Repositories,
    private readonly home: HomeService,
    private readonly changes?: ChangeFeed,
  ) {}

  /**
   * Saves a new version of a named ranking configuration. Fields left out keep the default's
   * value (objects such as `weights` are merged one level deep), so a change can be small.
   */
  async saveRankingConfig(name: string, changes: Record<string, unknown>, note: string | null) {
    const problems: Problem[] = NAME.test(name) ? [] : [{ field: 'name', message: 'must be 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit' }];
    const merged: Record<string, unknown> = { ...DEFAULT_RANKING_CONFIG };
    for (const [key, value] of Object.entries(changes)) {
      const base = (DEFAULT_RANKING_CONFIG as unknown as Record<string, unknown>)[key];
      merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
    }
    problems.push(...validateRankingConfig(merged));
    assertNoProblems(problems);
    const saved = await this.repos.merchandising.saveConfig(name, merged as unknown as RankingConfig, note);
    this.home.forgetConfig(name);
    await this.changes?.merchandisingChanged('configs', name);
    return saved;
  }

  async saveRule(input: RuleInput) {
    const problems = validateRule(input.rule);
    if (!input.name?.trim() || input.name.length > 100) problems.push({ field: 'name', message: 'must be 1 to 100 characters' });
    if (input.startsAt && input.endsAt && input.startsAt >= input.endsAt) problems.push({ field: 'endsAt', message: 'must be after startsAt' });
    const rule = input.rule as MerchandisingRule;
    if (problems.length === 0 && rule.type === 'PIN' && !this.home.catalog.get(rule.productId)) {
      problems.push({ field: 'rule.productId', message: `unknown product "${rule.productId}"` });
    }
    assertNoProblems(problems);
    const saved = await this.repos.merchandising.saveRule({
      id: input.id,
      name: input.name.trim(),
      rule,
      active: input.active ?? true,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
    });
    await this.home.reloadRules();
    await this.changes?.merchandisingChanged('rules');
    return saved;
  }

  async deleteRule(id: string): Promise<boolean> {
    const deleted = await this.repos.merchandising.deleteRule(id);
    await this.home.reloadRules();
    await this.changes?.merchandisingChanged('rules');
    return deleted;
  }

  async upsertCollection(input: CollectionInput) {
    const problems: Problem[] = [];
    if (!SLUG.test(input.slug)) problems.push({ field: 'slug', message: 'must be 1–100 lower-case letters, digits or "-", starting with a letter or digit' });
    if (!input.title.trim() || input.title.length > 200) problems.push({ field: 'title', message: 'must be 1 to 200 characters' });
    if (input.kind === 'RULE_BASED') problems.push(...validateCollectionRule(input.rule));
    else if (input.rule != null) problems.push({ field: 'rule', message: 'only RULE_BASED collections have a rule; leave it out for EDITORIAL ones' });
    if (input.startsAt && input.endsAt && input.startsAt >= input.endsAt) problems.push({ field: 'endsAt', message: 'must be after startsAt' });
    if (input.members) {
      if (input.members.length > MAX_MEMBERS) problems.push({ field: 'members', message: `lists ${input.members.length} products; the limit is ${MAX_MEMBERS}` });
      const unknown = input.members.filter((id) => !this.home.catalog.get(id));
      if (unknown.length) problems.push({ field: 'members', message: `unknown products: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}` });
      if (new Set(input.members).size !== input.members.length) problems.push({ field: 'members', message: 'lists a product more than once' });
    }
    assertNoProblems(problems);
    const write: CollectionWrite = {
      slug: input.slug,
      title: input.title.trim(),
      description: input.description,
      kind: input.kind,
      rule: input.kind === 'RULE_BASED' ? input.rule : null,
      active: input.active ?? true,
      position: input.position ?? 0,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
    };
    const saved = await this.repos.collections.upsert(write, input.members ?? undefined);
    await this.home.reloadCollections();
    await this.changes?.merchandisingChanged('collections');
    return saved;
  }

  /** Pins (at a 1-based slot), excludes or adds a product in a collection. */
  async setCollectionEntry(slug: string, productId: string, role: CollectionEntryRole, position: number | null) {
    const collection = await this.collection(slug);
    const problems: Problem[] = [];
    if (!this.home.catalog.get(productId)) problems.push({ field: 'productId', message: `unknown product "${productId}"` });
    if (role === 'PIN' && !(position !== null && Number.isInteger(position) && position >= 1 && position <= 100)) {
      problems.push({ field: 'position', message: 'a pin needs a slot from 1 to 100' });
    }
    assertNoProblems(problems);
    await this.repos.collections.setEntry(collection.id, productId, role, role === 'EXCLUSION' ? null : position);
    await this.home.reloadCollections();
    await this.changes?.merchandisingChanged('collections');
    return collection;
  }

  async removeCollectionEntry(slug: string, productId: string) {
    const collection = await this.collection(slug);
    await this.repos.collections.removeEntry(collection.id, productId);
    await this.home.reloadCollections();
    await this.changes?.merchandisingChanged('collections');
    return collection;
  }

  private async collection(slug: string) {
    const collection = await this.repos.collections.bySlug(slug);
    if (!collection) throw new InputError([{ field: 'collection', message: `no collection has the slug "${slug}"` }]);
    return collection;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
