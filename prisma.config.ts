import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma's CLI downloads a native schema engine that this project never uses: migrations are
// created with the WASM engine (scripts/create-migration.ts) and applied by `vitrine migrate`.
// The stub keeps `prisma generate`, `validate` and `format` working offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('scripts/prisma-schema-engine-stub.sh');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vitrine' },
});
