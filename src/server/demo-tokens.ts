import { signToken } from '../auth/tokens.js';
import type { Config } from '../config.js';

export interface DemoTokens {
  /** ADMIN: the playground's examples include writes only an administrator may make. */
  playground: string;
  /** MERCHANDISER: what the workspace is for. */
  dashboard: string;
}

/**
 * Tokens the playground and dashboard fill in so a local demo works at once. Only when the
 * published development secret signs tokens: they are the same tokens the README lists, and
 * anyone who can load the page can read them.
 */
export async function demoTokens(config: Config): Promise<DemoTokens | undefined> {
  if (!config.auth.development || config.mode !== 'development') return undefined;
  return {
    playground: await signToken(config.auth.secret, { role: 'ADMIN', subject: null }),
    dashboard: await signToken(config.auth.secret, { role: 'MERCHANDISER', subject: null }),
  };
}
