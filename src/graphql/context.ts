import type { Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { ExperimentService } from '../home/experiment-service.js';
import type { HomeService } from '../home/home-service.js';
import type { MerchandisingService } from '../home/merchandising-service.js';
import type { PrivacyService } from '../privacy/privacy-service.js';
import type { RelevanceService } from '../relevance/relevance-service.js';
import type { TrainingJobs } from '../relevance/training-jobs.js';
import type { ChangeFeed } from '../sync/change-feed.js';
import type { InteractionStore } from '../realtime/record-interactions.js';
import type { GatewayMetrics } from '../server/metrics.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  config: Config;
  repos: Repositories;
  loaders: Loaders;
  relevance: RelevanceService;
  home: HomeService;
  merchandising: MerchandisingService;
  experiments: ExperimentService;
  /** Tells the other gateway processes what a mutation changed (src/sync). */
  changes: ChangeFeed;
  /** Where recordInteractions validates and writes (raw SQL: the hot write path). */
  ingest: InteractionStore;
  training: TrainingJobs;
  privacy: PrivacyService;
  /** The authenticated caller (src/auth); null for an anonymous one. */
  principal: Principal | null;
  metrics?: GatewayMetrics;
}

export type Services = Pick<GraphQLContext, 'relevance' | 'home' | 'merchandising' | 'experiments' | 'changes' | 'training' | 'ingest' | 'privacy' | 'metrics'>;

export function createContext(config: Config, repos: Repositories, services: Services, principal: Principal | null = null): GraphQLContext {
  return { config, repos, ...services, principal, loaders: createLoaders(repos, services.home.catalog) };
}
