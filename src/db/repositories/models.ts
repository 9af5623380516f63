import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';


export type ModelStatus = 'READY' | 'ACTIVE' | 'RETIRED' | 'REJECTED';

export interface ModelVersionRecord {
  id: number;
  status: ModelStatus;
  config: unknown;
  dataSnapshot: unknown;
  metrics: Record<string, unknown>;
  backend: string;
  durationMs: number;
  artifactDir: string;
  notes: string | null;
  createdAt: Date;
  activatedAt: Date | null;
}

export interface NewModelVersion {
  config: unknown;
  dataSnapshot: unknown;
  metrics: Record<string, unknown>;
  backend: string;
  durationMs: number;
  artifactDir: string;
  /** The artifact folder packed by src/model/bundle.ts, for gateways that cannot read `artifactDir`. */
  artifactBundle?: Uint8Array<ArrayBuffer>;
  status?: ModelStatus;
  notes?: string;
}

/** Records never carry the artifact bundle (megabytes); `bundle(id)` reads it when needed. */
const WITHOUT_BUNDLE = { artifactBundle: true } as const;

/**
 * Bundles cross the driver in pieces of this size, as base64 text. Whole, a bundle of a 200,000-
 * product model (93 MB) was one parameter that the embedded database's driver turns into hex a
 * byte at a time (a JavaScript string per byte: 4 GB of heap, out of memory), and one protocol
 * message that its socket server re-buffers with every 64 KB received (40 s of copying).
 */
const BUNDLE_PIECE_BYTES = 4 * 2 ** 20;
/** Writing a large bundle takes seconds on the embedded database; Prisma's default is 5 s. */
const BUNDLE_TRANSACTION = { maxWait: 60_000, timeout: 10 * 60_000 };

/** The registry of trained model versions and which one serves. */
export class ModelRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The version and its bundle are written in one transaction: a failure leaves neither. */
  async register(version: NewModelVersion): Promise<ModelVersionRecord> {
    const data = {
      config: version.config as Prisma.InputJsonValue,
      dataSnapshot: version.dataSnapshot as Prisma.InputJsonValue,
      metrics: version.metrics as Prisma.InputJsonValue,
      backend: version.backend,
      durationMs: Math.round(version.durationMs),
      artifactDir: version.artifactDir,
      status: version.status ?? 'READY',
      notes: version.notes ?? null,
    };
    const bundle = version.artifactBundle;
    if (!bundle) return (await this.prisma.modelVersion.create({ data, omit: WITHOUT_BUNDLE })) as ModelVersionRecord;
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.modelVersion.create({ data, omit: WITHOUT_BUNDLE });
      await writeBundle(tx, row.id, bundle);
      return row as ModelVersionRecord;
    }, BUNDLE_TRANSACTION);
  }

  async active(): Promise<ModelVersionRecord | null> {
    return (await this.prisma.modelVersion.findFirst({ where: { status: 'ACTIVE' }, orderBy: { activatedAt: 'desc' }, omit: WITHOUT_BUNDLE })) as ModelVersionRecord | null;
  }

  async byId(id: number): Promise<ModelVersionRecord | null> {
    return (await this.prisma.modelVersion.findUnique({ where: { id }, omit: WITHOUT_BUNDLE })) as ModelVersionRecord | null;
  }

  async list(): Promise<ModelVersionRecord[]> {
    return (await this.prisma.modelVersion.findMany({ orderBy: { id: 'desc' }, omit: WITHOUT_BUNDLE })) as ModelVersionRecord[];
  }

  /**
   * The packed artifacts of version `id`, read a piece at a time (all pieces from one snapshot);
   * null for versions registered without them.
   */
  async bundle(id: number): Promise<Uint8Array | null> {
    return this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ bytes: number | null }[]>`SELECT length(artifact_bundle) AS bytes FROM model_versions WHERE id = ${id}`;
      if (row?.bytes == null) return null;
      const bundle = Buffer.alloc(row.bytes);
      for (let offset = 0; offset < bundle.length; offset += BUNDLE_PIECE_BYTES) {
        const [piece] = await tx.$queryRaw<{ base64: string }[]>`
          SELECT encode(substring(artifact_bundle FROM ${offset + 1}::int FOR ${BUNDLE_PIECE_BYTES}::int), 'base64') AS base64
          FROM model_versions WHERE id = ${id}`;
        bundle.write(piece!.base64, offset, 'base64');
      }
      return new Uint8Array(bundle.buffer, bundle.byteOffset, bundle.byteLength);
    }, { ...BUNDLE_TRANSACTION, isolationLevel: 'RepeatableRead' });
  }

  /** Makes `id` the only ACTIVE version, in one transaction (the previous one is RETIRED). */
  async markActive(id: number): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.modelVersion.updateMany({ where: { status: 'ACTIVE', id: { not: id } }, data: { status: 'RETIRED' } }),
      this.prisma.modelVersion.update({ where: { id }, data: { status: 'ACTIVE', activatedAt: new Date() }, omit: WITHOUT_BUNDLE }),
    ]);
  }

  async markRejected(id: number, notes: string): Promise<void> {
    await this.prisma.modelVersion.update({ where: { id }, data: { status: 'REJECTED', notes }, omit: WITHOUT_BUNDLE });
  }
}

/**
 * Fills version `id`'s bundle from pieces appended to a large object, which is extended in place;
 * appending to the bytea column itself would rewrite it whole for every piece.
 */
async function writeBundle(tx: Prisma.TransactionClient, id: number, bundle: Uint8Array): Promise<void> {
  const bytes = Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const [{ oid }] = await tx.$queryRaw<{ oid: bigint }[]>`SELECT lo_create(0)::int8 AS oid`;
  for (let offset = 0; offset < bytes.length; offset += BUNDLE_PIECE_BYTES) {
    const piece = bytes.subarray(offset, offset + BUNDLE_PIECE_BYTES).toString('base64');
    await tx.$executeRaw`SELECT lo_put(${oid}::oid, ${offset}::int8, decode(${piece}, 'base64'))`;
  }
  await tx.$executeRaw`UPDATE model_versions SET artifact_bundle = lo_get(${oid}::oid) WHERE id = ${id}`;
  await tx.$executeRaw`SELECT lo_unlink(${oid}::oid)`;
}
