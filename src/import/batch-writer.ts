import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { insertInteractions, type InteractionRow } from '../db/insert-interactions.js';

export const DEFAULT_BATCH_SIZE = 5_000;

/** Rows written so far; `duplicates` are interactions whose event id was already stored. */
export interface WriteCounts {
  products: number;
  users: number;
  interactions: number;
  duplicates: number;
}

/**
 * Buffers imported rows and writes them in batches, each batch one transaction: products and
 * users first (interactions reference them), then interactions. Rows already present are
 * skipped, so a repeated import writes nothing new.
 */
export class ImportBatchWriter {
  readonly counts: WriteCounts = { products: 0, users: 0, interactions: 0, duplicates: 0 };
  private products = new Map<string, Prisma.ProductCreateManyInput>();
  private users = new Map<string, Prisma.UserCreateManyInput>();
  private interactions: InteractionRow[] = [];
  // Ids written by earlier batches of this run, so they are not sent again with every batch.
  private readonly writtenProducts = new Set<string>();
  private readonly writtenUsers = new Set<string>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly onBatchWritten: () => void = () => undefined,
  ) {}

  async addProduct(product: Prisma.ProductCreateManyInput): Promise<void> {
    if (this.writtenProducts.has(product.id) || this.products.has(product.id)) return;
    this.products.set(product.id, product);
    await this.flushWhenFull();
  }

  async addUser(user: Prisma.UserCreateManyInput): Promise<void> {
    if (this.writtenUsers.has(user.id) || this.users.has(user.id)) return;
    this.users.set(user.id, user);
    await this.flushWhenFull();
  }

  async addInteraction(interaction: InteractionRow): Promise<void> {
    this.interactions.push(interaction);
    await this.flushWhenFull();
  }

  /** Writes whatever is buffered; call once more at the end of the input. */
  async flush(): Promise<void> {
    const products = [...this.products.values()];
    const users = [...this.users.values()];
    const interactions = this.interactions;
    if (products.length + users.length + interactions.length === 0) return;
    const written = await this.prisma.$transaction(
      async (tx) => ({
        products: products.length ? (await tx.product.createMany({ data: products, skipDuplicates: true })).count : 0,
        users: users.length ? (await tx.user.createMany({ data: users, skipDuplicates: true })).count : 0,
        interactions: await insertInteractions(tx, interactions),
      }),
      // A batch of thousands of rows on a busy machine outlasts Prisma's 5 s default.
      { timeout: 300_000, maxWait: 60_000 },
    );
    this.counts.products += written.products;
    this.counts.users += written.users;
    this.counts.interactions += written.interactions;
    this.counts.duplicates += interactions.length - written.interactions;
    for (const id of this.products.keys()) this.writtenProducts.add(id);
    for (const id of this.users.keys()) this.writtenUsers.add(id);
    this.products = new Map();
    this.users = new Map();
    this.interactions = [];
    this.onBatchWritten();
  }

  private async flushWhenFull(): Promise<void> {
    if (this.products.size + this.users.size + this.interactions.length >= this.batchSize) await this.flush();
  }
}

/** The brand every product of one data set belongs to, created on first import. */
export async function ensureBrand(
  prisma: PrismaClient,
  brand: { slug: string; name: string; country: string },
): Promise<string> {
  const { id } = await prisma.brand.upsert({
    where: { slug: brand.slug },
    create: { id: `brand-${brand.slug}`, ...brand },
    update: {},
    select: { id: true },
  });
  return id;
}
