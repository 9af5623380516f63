import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module beside `from` (its `import.meta.url`). Run from TypeScript
 * sources (tests, `npm start`), the worker registers the same TypeScript loader first, since
 * worker threads do not inherit the parent's module hooks.
 */
export function startModuleWorker(from: string, name: string, workerData: unknown): Worker {
  const fromSource = from.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from);
  if (!fromSource) return new Worker(entry, { workerData });
  const tsconfig = new URL('../../tsconfig.json', import.meta.url).pathname;
  const bootstrap = `
    process.env.SWC_NODE_PROJECT ??= ${JSON.stringify(tsconfig)};
    import('node:module')
      .then((m) => m.register('@swc-node/register/esm', ${JSON.stringify(entry.href)}))
      .then(() => import(${JSON.stringify(entry.href)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
