import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  VITRINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  VITRINE_AUTO_CREATE_SHOPPERS: flag.default(true),
  VITRINE_AUTO_SEED: flag.default(true),
  VITRINE_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  VITRINE_MAX_COMPLEXITY: z.coerce.number().int().min(100).default(20_000),
  VITRINE_MAX_TOKENS: z.coerce.number().int().min(100).default(10_000),
  VITRINE_MAX_QUERY_BYTES: z.coerce.number().int().min(1_000).default(100_000),
  VITRINE_SEED: z.coerce.number().int().default(42),
  VITRINE_MODEL_POLL_MS: z.coerce.number().int().min(0).default(10_000),
  VITRINE_VECTOR_SEARCH: z.enum(['memory', 'pgvector']).default('memory'),
  VITRINE_DEMO_SCALE: z.coerce.number().gt(0).max(100).default(1),
});

export interface Config {
  /** Folder of the embedded database and other local state (images, models). */
  dataDir: string;
  /** When set, PostgreSQL is used instead of the embedded PGlite database. */
  databaseUrl?: string;
  host: string;
  port: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** An event for an unknown shopper creates that shopper (as in Gorse and Recombee). */
  autoCreateShoppers: boolean;
  /** `serve` seeds the demo catalog into an empty database. */
  autoSeed: boolean;
  limits: { maxDepth: number; maxComplexity: number; maxQueryBytes: number; maxTokens: number };
  seed: number;
  /** Multiplies the demo catalog's default size (2,000 products, 1,000 shoppers, 100,000 events). */
  demoScale: number;
  /** How often to look for a newly activated model version (0: only at start-up). */
  modelPollMs: number;
  /** Nearest-neighbour search in process (exact or HNSW) or in the database's pgvector index. */
  vectorSearch: 'memory' | 'pgvector';
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.VITRINE_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    autoCreateShoppers: e.VITRINE_AUTO_CREATE_SHOPPERS,
    autoSeed: e.VITRINE_AUTO_SEED,
    limits: {
      maxDepth: e.VITRINE_MAX_DEPTH,
      maxComplexity: e.VITRINE_MAX_COMPLEXITY,
      maxQueryBytes: e.VITRINE_MAX_QUERY_BYTES,
      maxTokens: e.VITRINE_MAX_TOKENS,
    },
    seed: e.VITRINE_SEED,
    demoScale: e.VITRINE_DEMO_SCALE,
    modelPollMs: e.VITRINE_MODEL_POLL_MS,
    vectorSearch: e.VITRINE_VECTOR_SEARCH,
  };
}
