import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database under ./data', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.port).toBe(4000);
    expect(config.autoCreateShoppers).toBe(true);
    expect(config.limits).toMatchObject({ maxDepth: 10, maxComplexity: 20000 });
  });

  it('reads PostgreSQL, flags and limits from the environment', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u@db:5432/shop', VITRINE_AUTO_CREATE_SHOPPERS: 'false', VITRINE_MAX_DEPTH: '8', PORT: '8080' });
    expect(config).toMatchObject({ databaseUrl: 'postgresql://u@db:5432/shop', autoCreateShoppers: false, port: 8080, limits: { maxDepth: 8 } });
  });

  it('reads how many model versions keep their files, and explains a bad value', () => {
    expect(loadConfig({}).modelKeep).toBe(3);
    expect(loadConfig({ VITRINE_MODEL_KEEP: '0' }).modelKeep).toBe(0);
    for (const value of ['-1', '2.5', 'all', '1001']) {
      expect(() => loadConfig({ VITRINE_MODEL_KEEP: value }), value).toThrow(/VITRINE_MODEL_KEEP: VITRINE_MODEL_KEEP must be a whole number from 0 to 1000: how many model versions besides the active one/);
    }
  });

  it('reports every invalid variable at once', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', VITRINE_AUTO_SEED: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: DATABASE_URL must be a postgres:\/\/[\s\S]*PORT:[\s\S]*VITRINE_AUTO_SEED:/);
  });
});

describe('loadConfig: authentication and retention', () => {
  const SECRET = 'a-production-secret-of-forty-characters!!';

  it('signs with the published development secret outside production', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.auth.development).toBe(true);
    expect(config.eventRetentionDays).toBeNull();
  });

  it('refuses to start in production without a secret of its own', () => {
    for (const env of [{ NODE_ENV: 'production' }, { VITRINE_MODE: 'production' }, { NODE_ENV: 'production', VITRINE_AUTH_SECRET: 'vitrine-development-secret-public-never-use-in-production' }]) {
      expect(() => loadConfig(env), JSON.stringify(env)).toThrow(/VITRINE_AUTH_SECRET: production needs a secret of its own/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', VITRINE_AUTH_SECRET: 'short' })).toThrow(/VITRINE_AUTH_SECRET must be at least 32 characters/);
    const config = loadConfig({ NODE_ENV: 'production', VITRINE_AUTH_SECRET: SECRET });
    expect(config).toMatchObject({ mode: 'production', auth: { secret: SECRET, development: false } });
  });

  it('reads API keys and reports bad entries without echoing the keys', () => {
    const config = loadConfig({ VITRINE_API_KEYS: 'storefront-key-0123456789=STOREFRONT, shopper-key-0123456789=SHOPPER:s-42' });
    expect(config.auth.apiKeys).toEqual([
      { key: 'storefront-key-0123456789', role: 'STOREFRONT', subject: null },
      { key: 'shopper-key-0123456789', role: 'SHOPPER', subject: 's-42' },
    ]);
    const attempt = () => loadConfig({ VITRINE_API_KEYS: 'short=ADMIN,long-enough-key-012345=KING,another-long-key-0123=SHOPPER' });
    expect(attempt).toThrow(/entry 1: the key must be at least 16 characters[\s\S]*entry 2: unknown role "KING"[\s\S]*entry 3: a SHOPPER token needs the shopper id/);
    expect(attempt).not.toThrow(/long-enough-key/);
  });

  it('reads the event retention period', () => {
    expect(loadConfig({ VITRINE_EVENT_RETENTION_DAYS: '90' }).eventRetentionDays).toBe(90);
    expect(() => loadConfig({ VITRINE_EVENT_RETENTION_DAYS: '0' })).toThrow(/VITRINE_EVENT_RETENTION_DAYS/);
  });
});

describe('loadConfig: hostile-input limits and metrics', () => {
  it('defaults to alias, batch and rate limits, with /metrics open', () => {
    const config = loadConfig({});
    expect(config.limits).toMatchObject({ maxAliases: 30, maxBatch: 10 });
    expect(config.rateLimit).toEqual({ max: 6000, windowMs: 60_000 });
    expect(config.metricsToken).toBeUndefined();
  });

  it('reads them from the environment, 0 turning the rate limit off', () => {
    const config = loadConfig({ VITRINE_MAX_ALIASES: '5', VITRINE_MAX_BATCH: '1', VITRINE_RATE_LIMIT: '0', VITRINE_RATE_LIMIT_WINDOW_MS: '1000', VITRINE_METRICS_TOKEN: 'scrape-token-0123456789' });
    expect(config).toMatchObject({ limits: { maxAliases: 5, maxBatch: 1 }, rateLimit: { max: 0, windowMs: 1000 }, metricsToken: 'scrape-token-0123456789' });
  });

  it('rejects limits that would switch protection off by accident, and short scrape tokens', () => {
    const attempt = () => loadConfig({ VITRINE_MAX_ALIASES: '0', VITRINE_MAX_BATCH: '0', VITRINE_RATE_LIMIT: '-1', VITRINE_METRICS_TOKEN: 'short' });
    expect(attempt).toThrow(/VITRINE_MAX_ALIASES[\s\S]*VITRINE_MAX_BATCH[\s\S]*VITRINE_RATE_LIMIT[\s\S]*VITRINE_METRICS_TOKEN must be at least 16 characters/);
  });
});

describe('loadConfig: Redis', () => {
  it('uses no Redis unless VITRINE_REDIS_URL is set, and prefixes its keys with vitrine: by default', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ VITRINE_REDIS_URL: 'redis://cache:6379/2' }).redis).toEqual({ url: 'redis://cache:6379/2', prefix: 'vitrine:' });
    expect(loadConfig({ VITRINE_REDIS_URL: 'rediss://u:p@cache.example', VITRINE_REDIS_PREFIX: 'shop-eu:' }).redis).toEqual({ url: 'rediss://u:p@cache.example', prefix: 'shop-eu:' });
  });

  it('rejects a URL that is not redis:// or rediss:// and a prefix with spaces, saying what is expected', () => {
    for (const url of ['http://cache:6379', 'cache:6379', 'redis://', 'not a url']) {
      expect(() => loadConfig({ VITRINE_REDIS_URL: url })).toThrow(/VITRINE_REDIS_URL: VITRINE_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL with a host, e.g. redis:\/\/127.0.0.1:6379/);
    }
    expect(() => loadConfig({ VITRINE_REDIS_URL: 'redis://cache', VITRINE_REDIS_PREFIX: 'my shop' })).toThrow(/VITRINE_REDIS_PREFIX must be 1 to 64/);
  });
});
