import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  config: Config;
  repos: Repositories;
  loaders: Loaders;
}

export function createContext(config: Config, repos: Repositories): GraphQLContext {
  return { config, repos, loaders: createLoaders(repos) };
}
