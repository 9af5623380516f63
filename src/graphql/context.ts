import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { RelevanceService } from '../relevance/relevance-service.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  config: Config;
  repos: Repositories;
  loaders: Loaders;
  relevance: RelevanceService;
}

export function createContext(config: Config, repos: Repositories, relevance: RelevanceService): GraphQLContext {
  return { config, repos, relevance, loaders: createLoaders(repos) };
}
