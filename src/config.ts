import path from 'node:path';
import { z } from 'zod';
import { DEVELOPMENT_SECRET, MIN_SECRET_LENGTH, parseApiKeys, type AuthSettings } from './auth/tokens.js';
import { DEFAULT_MODEL_KEEP } from './relevance/prune-models.js';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const MODEL_KEEP_RULE = 'VITRINE_MODEL_KEEP must be a whole number from 0 to 1000: how many model versions besides the active one keep their files on disk for a rollback (e.g. 3)';

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
  VITRINE_MAX_ALIASES: z.coerce.number().int().min(1).default(30),
  VITRINE_MAX_BATCH: z.coerce.number().int().min(1).max(100).default(10),
  VITRINE_RATE_LIMIT: z.coerce.number().int().min(0).default(6_000),
  VITRINE_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  VITRINE_METRICS_TOKEN: z.string().min(16, 'VITRINE_METRICS_TOKEN must be at least 16 characters').optional(),
  VITRINE_SEED: z.coerce.number().int().default(42),
  VITRINE_MODEL_POLL_MS: z.coerce.number().int().min(0).default(10_000),
  VITRINE_VECTOR_SEARCH: z.enum(['memory', 'pgvector']).default('memory'),
  VITRINE_MODEL_KEEP: z.coerce
    .number({ error: MODEL_KEEP_RULE })
    .int(MODEL_KEEP_RULE)
    .min(0, MODEL_KEEP_RULE)
    .max(1000, MODEL_KEEP_RULE)
    .default(DEFAULT_MODEL_KEEP),
  VITRINE_DEMO_SCALE: z.coerce.number().gt(0).max(100).default(1),
  NODE_ENV: z.string().optional(),
  VITRINE_MODE: z.enum(['development', 'production']).optional(),
  VITRINE_AUTH_SECRET: z.string().min(MIN_SECRET_LENGTH, `VITRINE_AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -base64 48)`).optional(),
  VITRINE_API_KEYS: z.string().optional(),
  VITRINE_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  VITRINE_REDIS_URL: z
    .string()
    .refine(isRedisUrl, 'VITRINE_REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379')
    .optional(),
  VITRINE_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'VITRINE_REDIS_PREFIX must be 1 to 64 letters, digits or _ . : - (e.g. vitrine:shop-eu:)')
    .default('vitrine:'),
});

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

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
  limits: { maxDepth: number; maxComplexity: number; maxQueryBytes: number; maxTokens: number; maxAliases: number; maxBatch: number };
  /** Requests per window per caller (verified token, else IP); 0 turns rate limiting off. */
  rateLimit: { max: number; windowMs: number };
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  seed: number;
  /** Multiplies the demo catalog's default size (2,000 products, 1,000 shoppers, 100,000 events). */
  demoScale: number;
  /** How often to look for a newly activated model version (0: only at start-up). */
  modelPollMs: number;
  /**
   * Model versions besides the active one (the newest READY or RETIRED) whose folders stay under
   * `<dataDir>/models`; older, rejected and failed runs' folders are pruned.
   */
  modelKeep: number;
  /** Nearest-neighbour search in process (exact or HNSW) or in the database's pgvector index. */
  vectorSearch: 'memory' | 'pgvector';
  /** production (NODE_ENV or VITRINE_MODE): a secret of its own is required. */
  mode: 'development' | 'production';
  /** Token secret and API keys; `development` when the published development secret signs tokens. */
  auth: AuthSettings & { development: boolean };
  /** Raw interactions and impressions older than this many days are deleted; null keeps them. */
  eventRetentionDays: number | null;
  /**
   * When set, the change bus and rate-limit counters go through this Redis, shared by every
   * gateway; `prefix` keeps deployments sharing one Redis apart (channel and keys start with it).
   */
  redis?: { url: string; prefix: string };
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
  const mode = e.VITRINE_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'development');
  const apiKeys = parseApiKeys(e.VITRINE_API_KEYS);
  const problems = apiKeys.problems.map((p) => `VITRINE_API_KEYS: ${p}`);
  if (mode === 'production' && (!e.VITRINE_AUTH_SECRET || e.VITRINE_AUTH_SECRET === DEVELOPMENT_SECRET)) {
    problems.push(`VITRINE_AUTH_SECRET: production needs a secret of its own (at least ${MIN_SECRET_LENGTH} characters, e.g. openssl rand -base64 48); the development secret is public`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
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
      maxAliases: e.VITRINE_MAX_ALIASES,
      maxBatch: e.VITRINE_MAX_BATCH,
    },
    rateLimit: { max: e.VITRINE_RATE_LIMIT, windowMs: e.VITRINE_RATE_LIMIT_WINDOW_MS },
    metricsToken: e.VITRINE_METRICS_TOKEN,
    seed: e.VITRINE_SEED,
    demoScale: e.VITRINE_DEMO_SCALE,
    modelPollMs: e.VITRINE_MODEL_POLL_MS,
    modelKeep: e.VITRINE_MODEL_KEEP,
    vectorSearch: e.VITRINE_VECTOR_SEARCH,
    mode,
    auth: { secret: e.VITRINE_AUTH_SECRET ?? DEVELOPMENT_SECRET, apiKeys: apiKeys.keys, development: (e.VITRINE_AUTH_SECRET ?? DEVELOPMENT_SECRET) === DEVELOPMENT_SECRET },
    eventRetentionDays: e.VITRINE_EVENT_RETENTION_DAYS ?? null,
    ...(e.VITRINE_REDIS_URL ? { redis: { url: e.VITRINE_REDIS_URL, prefix: e.VITRINE_REDIS_PREFIX } } : {}),
  };
}
