import http from 'node:http';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { sqlShopperStateLoader } from './db/serving-reads.js';
import { createApolloServer } from './graphql/apollo.js';
import { createContext, type GraphQLContext } from './graphql/context.js';
import { buildVitrineSchema } from './graphql/schema.js';
import { HomeService } from './home/home-service.js';
import { MerchandisingService } from './home/merchandising-service.js';
import { createImageReader } from './relevance/product-images.js';
import { RelevanceService } from './relevance/relevance-service.js';
import { createHttpApp, type HealthReport } from './server/http.js';

export interface Gateway {
  config: Config;
  db: Database;
  repos: Repositories;
  relevance: RelevanceService;
  home: HomeService;
  apollo: ApolloServer<GraphQLContext>;
  app: Express;
  /** A fresh per-request context (its own DataLoaders), for in-process operations. */
  context(): GraphQLContext;
  health(): Promise<HealthReport>;
  /** Stops Apollo and background work; the database stays open (its owner closes it). */
  stop(): Promise<void>;
}

const startedAt = Date.now();

/** Wires storage, GraphQL and HTTP together around an open database. */
export async function createGateway(config: Config, db: Database, options: { log?: (message: string, details?: Record<string, unknown>) => void } = {}): Promise<Gateway> {
  const repos = createRepositories(db.prisma);
  const imagesDir = path.join(config.dataDir, 'images');
  const relevance = new RelevanceService(repos, {
    readImage: createImageReader({ imagesDir }),
    vectorSearch: config.vectorSearch,
    sql: (text, params) => db.sql.query(text, params),
    log: options.log,
  });
  await relevance.refresh();
  const home = new HomeService(repos, relevance, sqlShopperStateLoader(db.sql));
  await home.init();
  const merchandising = new MerchandisingService(repos, home);
  // Other processes (a training job, an import, another replica) change the model and catalog.
  const poller =
    config.modelPollMs > 0
      ? setInterval(() => void Promise.all([relevance.refresh(), home.catalog.refreshChanged()]).catch(() => undefined), config.modelPollMs)
      : undefined;
  poller?.unref();

  const schema = await buildVitrineSchema();
  const apollo = createApolloServer(schema, config.limits);
  await apollo.start();
  const context = () => createContext(config, repos, { relevance, home, merchandising });
  const health = async (): Promise<HealthReport> => {
    const model = relevance.status();
    try {
      await db.sql.query('SELECT 1');
      return { status: model.state === 'degraded' ? 'degraded' : 'ok', database: db.kind, model, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
    } catch (error) {
      return { status: 'down', database: db.kind, model, error: (error as Error).message };
    }
  };
  const app = createHttpApp({ apollo, context: async () => context(), health, bodyLimit: '1mb', imagesDir });
  const stop = async () => {
    clearInterval(poller);
    await apollo.stop();
  };
  return { config, db, repos, relevance, home, apollo, app, context, health, stop };
}

/** Listens on config.host:config.port (port 0 picks a free one); resolves with the bound URL. */
export async function listen(gateway: Gateway): Promise<{ url: string; server: http.Server; close(): Promise<void> }> {
  const server = http.createServer(gateway.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(gateway.config.port, gateway.config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : gateway.config.port;
  return {
    url: `http://${gateway.config.host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
