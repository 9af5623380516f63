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

  it('reports every invalid variable at once', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', VITRINE_AUTO_SEED: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/DATABASE_URL: DATABASE_URL must be a postgres:\/\/[\s\S]*PORT:[\s\S]*VITRINE_AUTO_SEED:/);
  });
});
