import type { Repositories } from '../db/repositories/index.js';
import type { ModelVersionRecord } from '../db/repositories/models.js';
import { createVectorIndex } from '../index/create-index.js';
import { inMemoryItemVectors, type ItemVectors } from '../index/item-vectors.js';
import { pgvectorItemVectors, type SqlQuery } from '../index/pgvector-search.js';
import type { Neighbour } from '../index/vector-index.js';
import { selectBackend, type BackendName } from '../model/backend.js';
import type { TwoTowerModel } from '../model/towers.js';
import type { EventContext, InteractionType } from '../realtime/events.js';
import type { Shopper } from '../catalog/types.js';
import { consentedHistory, type PriceOf } from '../privacy/consent.js';
import { itemFeaturesOf, userFeaturesOf, type CatalogProduct, type HistoryEvent } from './features.js';
import { loadVersionModel } from './model-files.js';
import { imageFeatureVector, type ImageReader } from './product-images.js';

/** The model that serves, with its item embeddings; replaced whole on activation. */
export interface ActiveModel {
  version: ModelVersionRecord;
  model: TwoTowerModel;
  items: ItemVectors;
}

export interface Scored {
  productId: string;
  score: number;
}

export type RelevanceStatus =
  | { state: 'none'; backend: BackendName | null }
  | { state: 'active'; backend: BackendName | null; versionId: number; index: ItemVectors['kind'] }
  | { state: 'degraded'; backend: BackendName | null; versionId: number; error: string };

/** History the user tower reads: enough to cover its window after negatives are set apart. */
const HISTORY_LENGTH = 50;
/** Products read and embedded at a time when activating a model the trainer did not embed them with. */
const EMBED_PAGE = 5_000;
/** Items a shopper has bought or dismissed are not recommended back to them. */
const EXCLUDED_AFTER: ReadonlySet<InteractionType> = new Set(['PURCHASE', 'DISMISS']);

export interface RelevanceOptions {
  readImage: ImageReader;
  /**
   * Where nearest neighbours are searched: in process (exact, or HNSW above `hnswThreshold`
   * items), or in the database's pgvector HNSW index (`sql` required).
   */
  vectorSearch?: 'memory' | 'pgvector';
  sql?: SqlQuery;
  hnswThreshold?: number;
  /**
   * This gateway's model folder: versions trained on another machine are unpacked here from
   * their bundle in the database. Without it a version loads only from its `artifactDir`.
   */
  artifactsRoot?: string;
  log?: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * Personal relevance from the two-tower model: loads the active version, keeps its item
 * embeddings in an in-process index, embeds new or changed products on arrival (cold start), and
 * answers nearest-neighbour questions. Without a model it answers with popularity.
 */
export class RelevanceService {
  private active: ActiveModel | null = null;
  private failure: { versionId: number; error: string } | null = null;
  private backend: BackendName | null = null;

  constructor(
    private readonly repos: Repositories,
    private readonly options: RelevanceOptions,
  ) {}

  get current(): ActiveModel | null {
    return this.active;
  }

  status(): RelevanceStatus {
    if (this.active) {
      return { state: 'active', backend: this.backend, versionId: this.active.version.id, index: this.active.items.kind };
    }
    if (this.failure) return { state: 'degraded', backend: this.backend, ...this.failure };
    return { state: 'none', backend: this.backend };
  }

  /**
   * Loads the version marked ACTIVE if it is not the one serving. A model that cannot be loaded
   * leaves the service degraded (non-personalised answers), never failing the gateway.
   */
  async refresh(): Promise<void> {
    this.backend = await selectBackend();
    const version = await this.repos.models.active();
    if (!version || version.id === this.active?.version.id || version.id === this.failure?.versionId) return;
    try {
      const model = await this.load(version);
      this.active = await this.serve(version, model);
      this.failure = null;
      this.options.log?.('model activated', { versionId: version.id, backend: this.backend, index: this.active.items.kind });
    } catch (error) {
      this.failure = { versionId: version.id, error: (error as Error).message };
      this.options.log?.('model could not be loaded; serving without personal relevance', this.failure);
    }
  }

  /** A registered version's model, from its folder or, unpacked, from its bundle (model-files.ts). */
  load(version: ModelVersionRecord): Promise<TwoTowerModel> {
    return loadVersionModel(version, { artifactsRoot: this.options.artifactsRoot, bundle: (id) => this.repos.models.bundle(id) });
  }

  /**
   * Writes `model`'s item embeddings for the whole catalog, marks it ACTIVE and serves it. The
   * swap is one assignment: requests that captured the previous model finish on it. `embedded`
   * are vectors already computed (by the trainer); only products missing from them are embedded
   * here.
   */
  async activate(version: ModelVersionRecord, model: TwoTowerModel, embedded?: { ids: readonly string[]; vectors: Float32Array }): Promise<ActiveModel> {
    this.backend = await selectBackend();
    const { ids, vectors } = await this.catalogVectors(model, embedded);
    await this.repos.embeddings.write(version.id, ids, vectors, model.dimension);
    const served = await this.withItems({ ...version, status: 'ACTIVE' }, model, ids, vectors);
    await this.repos.models.markActive(version.id);
    this.active = served;
    this.failure = null;
    return served;
  }

  /**
   * Products changed by another process, which already stored their embeddings for the active
   * version: the in-memory index takes them from the database (or embeds them if absent).
   */
  async itemsChanged(ids: readonly string[]): Promise<void> {
    const active = this.active;
    if (!active || active.items.kind === 'pgvector' || ids.length === 0) return;
    const stored = await this.repos.embeddings.load(active.version.id, active.model.dimension, ids);
    if (stored.ids.length) await active.items.put(stored.ids, stored.vectors, active.model.dimension);
    const found = new Set(stored.ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) await this.embedInto(active, await this.repos.products.withBrandNames(missing));
  }

  /**
   * Extracts image features of new or changed products and, when a model serves, embeds them
   * with the item tower at once, so they are recommendable before any retraining.
   */
  async productsChanged(ids: readonly string[]): Promise<void> {
    const products = await this.repos.products.withBrandNames(ids);
    for (const product of products) {
      product.visualFeatures = await imageFeatureVector(this.options.readImage, product.imageUrl);
      await this.repos.products.setVisualFeatures(product.id, product.visualFeatures);
    }
    const active = this.active;
    if (active) await this.embedInto(active, products);
  }

  /**
   * The user tower's vector for a shopper in a context, or null when no model serves. History
   * must already respect the shopper's consent.
   */
  userVector(
    userId: string,
    shopper: Shopper | null,
    history: readonly HistoryEvent[],
    context: EventContext | null,
    now = new Date(),
    active: ActiveModel | null = this.active,
  ): Float32Array | null {
    return active ? active.model.embedUsers([userFeaturesOf(learnedId(userId, shopper, active), shopper, history, context, now)]) : null;
  }

  /**
   * Products closest to a shopper's taste in this context, best first. `priceOf` lets consent
   * filtering tell out-of-budget browsing apart (src/privacy/consent.ts).
   */
  async recommend(userId: string, first: number, context: EventContext | null, now = new Date(), priceOf?: PriceOf): Promise<Scored[]> {
    const active = this.active;
    const [shopper] = await this.repos.shoppers.findByIds([userId]);
    if (!active || (shopper && !shopper.consent.personalization)) return this.popular(first);
    const history = (await this.repos.interactions.recentByShoppers([userId], HISTORY_LENGTH)).get(userId) ?? [];
    const usable = consentedHistory(shopper ?? null, history, priceOf);
    const excluded = new Set(usable.filter((e) => EXCLUDED_AFTER.has(e.type)).map((e) => e.productId));
    const query = active.model.embedUsers([userFeaturesOf(learnedId(userId, shopper ?? null, active), shopper ?? null, usable, context, now)]);
    return toScored(await active.items.nearest(query, first, excluded));
  }

  /** Products whose embeddings are closest to this product's; null when the product is unknown. */
  async similar(productId: string, first: number): Promise<Scored[] | null> {
    const active = this.active;
    if (!active) {
      const exists = await this.repos.products.existingIds([productId]);
      return exists.size ? this.popular(first, productId) : null;
    }
    let vector = await active.items.get(productId);
    if (!vector) {
      const [product] = await this.repos.products.withBrandNames([productId]);
      if (!product) return null;
      vector = (await this.embedInto(active, [product])).subarray(0, active.model.dimension);
    }
    return toScored(await active.items.nearest(vector, first, new Set([productId])));
  }

  /**
   * Every product's embedding, in id order: the trainer's where it made one, else computed here a
   * page of products at a time (products added since its snapshot, or all of them when it made
   * none). The catalog read whole as rows took over a gigabyte of heap at 200,000 products.
   */
  private async catalogVectors(model: TwoTowerModel, embedded?: { ids: readonly string[]; vectors: Float32Array }): Promise<{ ids: string[]; vectors: Float32Array }> {
    const dimension = model.dimension;
    const known = new Map((embedded?.ids ?? []).map((id, i) => [id, i]));
    const all = await this.repos.products.ids();
    const missing = all.filter((id) => !known.has(id));
    const computed = new Map<string, Float32Array>();
    for (let start = 0; start < missing.length; start += EMBED_PAGE) {
      const products = await this.repos.products.withBrandNames(missing.slice(start, start + EMBED_PAGE));
      const page = model.embedItems(products.map(itemFeaturesOf));
      products.forEach((p, i) => computed.set(p.id, page.subarray(i * dimension, (i + 1) * dimension)));
    }
    // A product deleted between the two reads has no features and is left out.
    const ids = all.filter((id) => known.has(id) || computed.has(id));
    const vectors = new Float32Array(ids.length * dimension);
    ids.forEach((id, i) => {
      const k = known.get(id);
      vectors.set(k === undefined ? computed.get(id)! : embedded!.vectors.subarray(k * dimension, (k + 1) * dimension), i * dimension);
    });
    return { ids, vectors };
  }

  private async popular(first: number, exceptId?: string): Promise<Scored[]> {
    const counts = await this.repos.interactions.popular(first + 1);
    return counts.filter((c) => c.productId !== exceptId).slice(0, first).map((c) => ({ productId: c.productId, score: c.score }));
  }

  private async serve(version: ModelVersionRecord, model: TwoTowerModel): Promise<ActiveModel> {
    const stale = await this.repos.embeddings.staleIds(version.id);
    if (stale.length) {
      const products = await this.repos.products.withBrandNames(stale);
      await this.repos.embeddings.write(version.id, stale, model.embedItems(products.map(itemFeaturesOf)), model.dimension);
    }
    if (this.options.vectorSearch === 'pgvector') return this.withItems(version, model, [], new Float32Array());
    const { ids, vectors } = await this.repos.embeddings.load(version.id, model.dimension);
    return this.withItems(version, model, ids, vectors);
  }

  private async withItems(version: ModelVersionRecord, model: TwoTowerModel, ids: string[], vectors: Float32Array): Promise<ActiveModel> {
    if (this.options.vectorSearch === 'pgvector') {
      if (!this.options.sql) throw new Error('pgvector search needs a SQL connection');
      return { version, model, items: pgvectorItemVectors(this.options.sql, version.id) };
    }
    const items = inMemoryItemVectors(createVectorIndex(model.dimension, ids.length, { hnswThreshold: this.options.hnswThreshold }));
    await items.put(ids, vectors, model.dimension);
    return { version, model, items };
  }

  private async embedInto(active: ActiveModel, products: CatalogProduct[]): Promise<Float32Array> {
    const dimension = active.model.dimension;
    const vectors = active.model.embedItems(products.map(itemFeaturesOf));
    const ids = products.map((p) => p.id);
    await this.repos.embeddings.write(active.version.id, ids, vectors, dimension);
    await active.items.put(ids, vectors, dimension);
    return vectors;
  }
}

/**
 * The id the user tower may look its embedding up by. The model learned an id's embedding from the
 * shopper who held it at training time; without a profile (erased), or with a profile created after
 * the model (an erased id used again), that shopper is gone, so the id is looked up as unknown.
 */
function learnedId(userId: string, shopper: Shopper | null, active: ActiveModel): string {
  return shopper && shopper.createdAt <= active.version.createdAt ? userId : '';
}

function toScored(neighbours: Neighbour[]): Scored[] {
  return neighbours.map((n) => ({ productId: n.id, score: n.score }));
}
