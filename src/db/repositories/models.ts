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

/** The registry of trained model versions and which one serves. */
export class ModelRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async register(version: NewModelVersion): Promise<ModelVersionRecord> {
    const row = await this.prisma.modelVersion.create({
      data: {
        config: version.config as Prisma.InputJsonValue,
        dataSnapshot: version.dataSnapshot as Prisma.InputJsonValue,
        metrics: version.metrics as Prisma.InputJsonValue,
        backend: version.backend,
        durationMs: Math.round(version.durationMs),
        artifactDir: version.artifactDir,
        artifactBundle: version.artifactBundle ?? null,
        status: version.status ?? 'READY',
        notes: version.notes ?? null,
      },
      omit: WITHOUT_BUNDLE,
    });
    return row as ModelVersionRecord;
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

  /** The packed artifacts of version `id`; null for versions registered without them. */
  async bundle(id: number): Promise<Uint8Array | null> {
    const row = await this.prisma.modelVersion.findUnique({ where: { id }, select: { artifactBundle: true } });
    return row?.artifactBundle ?? null;
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
