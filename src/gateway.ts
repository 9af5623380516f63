import http from 'node:http';
import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Principal } from './auth/principal.js';
import { Authenticator } from './auth/tokens.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { PrivacyStore } from './db/privacy-store.js';
import { sqlInteractionStore } from './db/ingest-store.js';
import { sqlShopperStateLoader } from './db/serving-reads.js';
import { createApolloServer } from './graphql/apollo.js';
import { createContext, type GraphQLContext } from './graphql/context.js';
import { buildVitrineSchema } from './graphql/schema.js';
import { ExperimentService } from './home/experiment-service.js';
import { sqlBanditStore } from './home/bandit-store.js';
import { FeedbackLoop } from './home/feedback-loop.js';
import { HomeService } from './home/home-service.js';
import { insertImpressions } from './db/insert-impressions.js';
import { ImpressionRecorder } from './realtime/impression-recorder.js';
import { MerchandisingService } from './home/merchandising-service.js';
import { PrivacyService } from './privacy/privacy-service.js';
import { startRetentionJob } from './privacy/retention-job.js';
import { createImageReader } from './relevance/product-images.js';
import { pruneModelsAndLog } from './relevance/prune-models.js';
import { RelevanceService } from './relevance/relevance-service.js';
import { TrainingJobs } from './relevance/training-jobs.js';
import { applyChanges } from './sync/apply-changes.js';
import { ChangeFeed } from './sync/change-feed.js';
import { openChangeBus } from './sync/open-bus.js';
import { createHttpApp, type HealthReport, type ReadinessReport } from './server/http.js';
import { demoTokens } from './server/demo-tokens.js';
import { GatewayMetrics } from './server/metrics.js';
import { readinessCheck } from './server/readiness.js';
import { openRedisRateLimitStore } from './server/redis-rate-limit-store.js';

export interface Gateway {
  config: Config;
  db: Database;
  repos: Repositories;
  relevance: RelevanceService;
  home: HomeService;
  /** Impressions, attribution credit and bandit state (flush() writes what is queued). */
  feedback: FeedbackLoop;
  experiments: ExperimentService;
  /** Publishes this gateway's changes to the other processes. */
  changes: ChangeFeed;
  training: TrainingJobs;
  apollo: ApolloServer<GraphQLContext>;
  app: Express;
  /** Consent, export, erasure, retention. */
  privacy: PrivacyService;
  /** A fresh per-request context (its own DataLoaders) for `principal` (anonymous when left out), for in-process operations. */
  context(principal?: Principal | null): GraphQLContext;
  health(): Promise<HealthReport>;
  /** Database reachable, migrations applied, catalog loaded (/readyz). */
  ready(): Promise<ReadinessReport>;
  metrics: GatewayMetrics;
  /** Stops Apollo and background work; the database stays open (its owner closes it). */
  stop(): Promise<void>;
}

const startedAt = Date.now();
/** How often bandit evidence is written and other replicas' evidence read. */
const BANDIT_SYNC_MS = 5_000;

/** Wires storage, GraphQL and HTTP together around an open database. */
export async function createGateway(
  config: Config,
  db: Database,
  options: { log?: (message: string, details?: Record<string, unknown>) => void; /** Request logs over HTTP. */ logger?: Logger } = {},
): Promise<Gateway> {
  const repos = createRepositories(db.prisma);
  const imagesDir = path.join(config.dataDir, 'images');
  const relevance = new RelevanceService(repos, {
    readImage: createImageReader({ imagesDir }),
    vectorSearch: config.vectorSearch,
    sql: (text, params) => db.sql.query(text, params),
    artifactsRoot: path.join(config.dataDir, 'models'),
    log: options.log,
  });
  await relevance.refresh();
  await pruneModelsAndLog(repos.models, { artifactsRoot: path.join(config.dataDir, 'models'), keep: config.modelKeep, log: options.log });
  const home = new HomeService(repos, relevance, sqlShopperStateLoader(db.sql));
  await home.init();
  const experiments = new ExperimentService(repos, { log: options.log });
  await experiments.refresh();
  home.useExperiments(experiments);
  const feedback = new FeedbackLoop({
    store: sqlBanditStore(db.sql),
    recorder: new ImpressionRecorder({
      write: (rows) => insertImpressions(db.prisma, rows),
      log: (level, message, details) => options.log?.(`${level}: ${message}`, details),
    }),
    syncMs: BANDIT_SYNC_MS,
    log: options.log,
  });
  await feedback.start();
  home.feedback = feedback;
  // Other gateway processes hear of this one's changes, and this one of theirs, within a second.
  const bus = await openChangeBus(db, { redis: config.redis, log: options.log });
  bus.subscribe(applyChanges(home, relevance));
  const changes = new ChangeFeed(bus, options.log);
  const ingest = sqlInteractionStore(db.sql, (id) => home.catalog.get(id) !== undefined);
  const merchandising = new MerchandisingService(repos, home, changes);
  const training = new TrainingJobs(repos, relevance, {
    artifactsRoot: path.join(config.dataDir, 'models'),
    keepModels: config.modelKeep,
    onActivated: (versionId) => changes.modelActivated(versionId),
    log: options.log,
  });
  // Other processes (a training job, an import, another replica) change the model and catalog.
  const poller =
    config.modelPollMs > 0
      ? setInterval(() => void Promise.all([relevance.refresh(), home.catalog.refreshChanged(), experiments.refresh()]).catch(() => undefined), config.modelPollMs)
      : undefined;
  poller?.unref();

  const schema = await buildVitrineSchema();
  const metrics = new GatewayMetrics({
    model: () => relevance.status(),
    caches: { catalog: home.catalog.stats, shopper_state: home.shoppers.stats, user_vectors: home.userVectorStats, served_pages: home.served.stats },
    changeBus: () => bus,
  });
  const apollo = createApolloServer(schema, config.limits, [metrics.apolloPlugin()]);
  await apollo.start();
  const privacy = new PrivacyService(new PrivacyStore(db.prisma), (id) => {
    const state = home.shoppers.peek(id);
    return { cached: state !== undefined, recentEvents: state?.history.length ?? 0 };
  });
  privacy.addForgetter((ids) => home.forgetShoppers(ids));
  // Queued impressions and exposures of an erased shopper are dropped, never written after the delete.
  privacy.addForgetter(async (ids) => {
    await Promise.all([feedback.forget(ids), experiments.forget(ids)]);
  });
  privacy.onShoppersChanged((ids) => changes.shoppersForgotten(ids));
  const retention = config.eventRetentionDays ? startRetentionJob(privacy, config.eventRetentionDays, { log: options.log }) : null;
  const context = (principal: Principal | null = null) => createContext(config, repos, { relevance, home, merchandising, experiments, privacy, metrics, changes, training, ingest }, principal);
  // With Redis, a caller's budget is shared by every gateway; without it, each gateway counts alone.
  const sharedRateLimit = config.redis && config.rateLimit.max > 0 ? await openRedisRateLimitStore(config.redis, options.log) : null;
  const changeBus = () => ({ transport: bus.transport, connected: bus.connected, ...(sharedRateLimit ? { rateLimitStore: sharedRateLimit.connected ? 'connected' : 'reconnecting' } : {}) });
  const health = async (): Promise<HealthReport> => {
    const model = relevance.status();
    try {
      await db.sql.query('SELECT 1');
      const status = model.state === 'degraded' || (config.redis && !bus.connected) ? 'degraded' : 'ok';
      return { status, database: db.kind, model, changeBus: changeBus(), uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
    } catch (error) {
      return { status: 'down', database: db.kind, model, changeBus: changeBus(), error: (error as Error).message };
    }
  };
  // A gateway that cannot hear the others would serve stale rules, models and shopper states.
  const redisCheck = () => (bus.connected ? 'ok' : 'change bus not connected to Redis; reconnecting');
  const ready = readinessCheck({ sql: db.sql, catalogLoaded: () => home.catalog.isLoaded, services: config.redis ? { redis: redisCheck } : {} });
  const app = createHttpApp({
    apollo,
    context: async (principal) => context(principal),
    authenticator: new Authenticator(config.auth),
    demoTokens: await demoTokens(config),
    health,
    ready,
    metrics,
    metricsToken: config.metricsToken,
    logger: options.logger,
    rateLimit: { ...config.rateLimit, store: sharedRateLimit?.store, log: options.log },
    maxBatch: config.limits.maxBatch,
    bodyLimit: '1mb',
    imagesDir,
  });
  const stop = async () => {
    clearInterval(poller);
    // First, while the change bus is open: a job that gets to activate can still tell the other replicas.
    await training.stop();
    await retention?.stop();
    await bus.close();
    await apollo.stop();
    // After the last request: exposures of the pages served are written before the database closes.
    await experiments.stop();
    await feedback.stop();
    await sharedRateLimit?.close();
  };
  return { config, db, repos, relevance, home, feedback, experiments, changes, training, privacy, apollo, app, context, health, ready, metrics, stop };
}

/** Listens on config.host:config.port (port 0 picks a free one); resolves with the bound URL. */
/** How long a shutdown waits for requests in flight before cutting the connections still open. */
const DRAIN_TIMEOUT_MS = 20_000;

export async function listen(gateway: Gateway): Promise<{ url: string; server: http.Server; close(drainTimeoutMs?: number): Promise<void> }> {
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
    close: (drainTimeoutMs = DRAIN_TIMEOUT_MS) =>
      new Promise<void>((resolve, reject) => {
        // A client that never finishes its request (or a stuck one) must not hold the shutdown forever.
        const deadline = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
        deadline.unref();
        server.close((error) => {
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
