import type { Brand } from '../../catalog/types.js';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { toBrand } from './mappers.js';

export class BrandRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Brand[]> {
    const rows = await this.prisma.brand.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toBrand);
  }

  async all(): Promise<Brand[]> {
    return (await this.prisma.brand.findMany({ orderBy: { name: 'asc' } })).map(toBrand);
  }
}
