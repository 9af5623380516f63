import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { HomeService } from '../home/home-service.js';
import type { MerchandisingService } from '../home/merchandising-service.js';
import type { RelevanceService } from '../relevance/relevance-service.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  config: Config;
  repos: Repositories;
  loaders: Loaders;
  relevance: RelevanceService;
  home: HomeService;
  merchandising: MerchandisingService;
}

export type Services = Pick<GraphQLContext, 'relevance' | 'home' | 'merchandising'>;

export function createContext(config: Config, repos: Repositories, services: Services): GraphQLContext {
  return { config, repos, ...services, loaders: createLoaders(repos, services.home.catalog) };
}
