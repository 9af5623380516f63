import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { principalProblems, signToken } from './auth/tokens.js';
import type { Role } from './auth/principal.js';
import { defaultProgress } from './cli/progress.js';
import { describeModelVersions } from './cli/model-versions.js';
import { activateOnServer, announcedServer, announceServer, listOnServer, trainOnServer } from './cli/remote-train.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { dataDirInUse, openDatabase, type Database } from './db/client.js';
import { PrivacyStore } from './db/privacy-store.js';
import { createRepositories } from './db/repositories/index.js';
import { createGateway, listen } from './gateway.js';
import { describeImportReport, importMovieLens, importOnlineRetail, type ImportReport } from './import/index.js';
import { createLogger } from './logger.js';
import { evaluate, type ProtocolName } from './model/eval/evaluate.js';
import { formatEvaluationTable } from './model/eval/report.js';
import { DAY_MS, PrivacyService } from './privacy/privacy-service.js';
import { takeTrainingSnapshot } from './relevance/training-snapshot.js';
import { createImageReader } from './relevance/product-images.js';
import { describePrune, pruneModelFolders, trainThenPrune } from './relevance/prune-models.js';
import { RelevanceService } from './relevance/relevance-service.js';
import { runTrainingJob } from './relevance/train-job.js';
import { TrainingJobs } from './relevance/training-jobs.js';
import { announceChange } from './sync/open-bus.js';
import { defaultScale } from './seed/demo.js';
import { seedDemo } from './seed/run.js';

const imagesDir = (config: Config) => path.join(config.dataDir, 'images');
const modelsDir = (config: Config) => path.join(config.dataDir, 'models');

const demoScale = (config: Config) => ({
  products: Math.max(1, Math.round(defaultScale.products * config.demoScale)),
  shoppers: Math.max(1, Math.round(defaultScale.shoppers * config.demoScale)),
  interactions: Math.max(1, Math.round(defaultScale.interactions * config.demoScale)),
});

function open(config: Config): Promise<Database> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
}

/** Opens the database, runs `work`, and always closes it (PGlite holds Node open otherwise). */
async function withDatabase<T>(work: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await open(config);
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

function printImportReport(report: ImportReport) {
  console.error(describeImportReport(report));
}

/**
 * The server holding the embedded database, with the admin token its mutations need (the CLI
 * shares its configuration, so it can sign one); null when the CLI can open the database itself.
 */
async function embeddedServer(config: Config): Promise<{ url: string; headers: Record<string, string> } | null> {
  const url = !config.databaseUrl && (await dataDirInUse(config.dataDir)) ? await announcedServer(config.dataDir) : null;
  if (!url) return null;
  const token = await signToken(config.auth.secret, { role: 'ADMIN', subject: 'vitrine-cli' }, { expiresIn: '1h' });
  return { url, headers: { authorization: `Bearer ${token}` } };
}

/** Running gateways switch to a version a CLI job activated at once rather than at their next poll. */
async function announceActivation(db: Database, config: Config, versionId: number): Promise<void> {
  await announceChange(db, config.redis, { kind: 'model-activated', versionId }).catch((error: Error) =>
    console.error(`could not tell running gateways (${error.message}); they switch at their next poll (VITRINE_MODEL_POLL_MS)`),
  );
}

const definedOnly = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};

const program = new Command('vitrine')
  .description('GraphQL personalization gateway for retail and luxury catalogs')
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('migrate, seed the demo catalog into an empty database, and serve GraphQL')
  .action(async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const db = await open(config);
    if (config.autoSeed && (await db.prisma.product.count()) === 0) {
      logger.info('empty catalog: seeding the demo catalog (VITRINE_AUTO_SEED=false to skip)');
      await seedDemo(db.prisma, { seed: config.seed, scale: demoScale(config), imagesDir: imagesDir(config), withBandits: true, progress: defaultProgress() });
    }
    const gateway = await createGateway(config, db, { log: (message, details) => logger.info(details ?? {}, message), logger });
    const server = await listen(gateway);
    // `vitrine train` cannot open the embedded database beside this process; it asks here instead.
    const unannounce = db.kind === 'pglite' ? await announceServer(config.dataDir, server.url) : async () => undefined;
    const model = gateway.relevance.status();
    logger.info({ url: `${server.url}/graphql`, database: db.kind, tensorflowBackend: model.backend, model: model.state }, `vitrine is serving GraphQL at ${server.url}/graphql`);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      await unannounce();
      await server.close();
      await gateway.stop();
      await db.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => withDatabase(async (db) => console.error(`migrations are up to date (${db.kind})`)));

program
  .command('seed')
  .description('generate the deterministic demo catalog, shoppers and interactions')
  .option('--seed <n>', 'random seed', (v) => Number(v))
  .option('--products <n>', 'number of products', positiveInt)
  .option('--shoppers <n>', 'number of shoppers', positiveInt)
  .option('--interactions <n>', 'number of interactions', positiveInt)
  .option('--reset', 'delete the existing catalog, shoppers and interactions first')
  .action((options) =>
    withDatabase(async (db, config) => {
      const counts = await seedDemo(db.prisma, {
        seed: options.seed ?? config.seed,
        scale: { ...demoScale(config), ...definedOnly({ products: options.products, shoppers: options.shoppers, interactions: options.interactions }) },
        reset: Boolean(options.reset),
        imagesDir: imagesDir(config),
        withBandits: true,
        progress: defaultProgress(),
      });
      console.error(`seeded: ${JSON.stringify(counts)}`);
    }),
  );

program
  .command('train')
  .description('train the two-tower model on the current data, register the version and optionally activate it')
  .option('--epochs <n>', 'maximum epochs (early stopping may end sooner)', positiveInt)
  .option('--batch-size <n>', 'examples per step', positiveInt)
  .option('--seed <n>', 'random seed (same data + seed = same model)', (v) => Number(v))
  .option('--activate', 'serve the new version unless its validation NDCG is below the active one')
  .action(async (options) => {
    const served = await embeddedServer(loadConfig());
    if (served) {
      console.error(`the embedded database is in use by the server at ${served.url}; training there (serving goes on)`);
      const request = { activate: Boolean(options.activate), ...definedOnly({ epochs: options.epochs, seed: options.seed, batchSize: options.batchSize }) };
      const job = await trainOnServer(served.url, request, defaultProgress(), served.headers);
      console.error([`model version ${job.versionId ?? 'none'}${job.validationNdcg === null ? '' : `: validation NDCG ${job.validationNdcg.toFixed(4)}`}`, job.decision].join('\n'));
      if (job.state === 'FAILED') process.exitCode = 1;
      return;
    }
    await withDatabase(async (db, config) => {
      const repos = createRepositories(db.prisma);
      const relevance = new RelevanceService(repos, { readImage: createImageReader({ imagesDir: imagesDir(config) }) });
      const artifactsRoot = modelsDir(config);
      const prune = { artifactsRoot, keep: config.modelKeep, log: (message: string, details?: object) => console.error(message, details ?? '') };
      const { version, result, decision, activated } = await trainThenPrune(repos.models, prune, () =>
        runTrainingJob(repos, relevance, {
          artifactsRoot,
          activate: Boolean(options.activate),
          train: definedOnly({ epochs: options.epochs, batchSize: options.batchSize, seed: options.seed }),
          progress: defaultProgress(),
        }),
      );
      const validation = result.validation;
      console.error(
        [
          `model version ${version.id} (${result.backend}): best epoch ${result.bestEpoch} of ${result.epochs.length}, ${Math.round(result.timing.examplesPerSecond)} examples/s`,
          validation ? `validation: recall@${validation.k} ${validation.recall.toFixed(4)}, NDCG@${validation.k} ${validation.ndcg.toFixed(4)}` : 'no validation split',
          `artifacts: ${version.artifactDir}`,
          decision,
        ].join('\n'),
      );
      if (activated) await announceActivation(db, config, version.id);
    });
  });

program
  .command('eval')
  .description('evaluate the two-tower model against popularity and item-kNN on the current data, and write the report as JSON')
  .option('--protocol <name>', 'random-split, leave-last-out or both', 'both')
  .option('--k <list>', 'cut-offs, comma-separated', '10,100')
  .option('--epochs <n>', 'maximum training epochs per protocol', positiveInt)
  .option('--seed <n>', 'random seed', (v) => Number(v), 42)
  .option('--out <file>', 'where to write the JSON report (default: <data>/eval/eval-<time>.json)')
  .action((options) =>
    withDatabase(async (db, config) => {
      const protocols = (options.protocol === 'both' ? ['random-split', 'leave-last-out'] : [options.protocol]) as ProtocolName[];
      if (!protocols.every((p) => p === 'random-split' || p === 'leave-last-out')) throw new Error(`unknown protocol "${options.protocol}": use random-split, leave-last-out or both`);
      const k = String(options.k).split(',').map((v) => positiveInt(v.trim()));
      const snapshot = await takeTrainingSnapshot(createRepositories(db.prisma));
      const report = await evaluate(
        { ratings: snapshot.ratings, items: snapshot.data.items, users: snapshot.data.users.map(({ recent: _recent, ...user }) => user) },
        { protocols, k, seed: options.seed, train: definedOnly({ epochs: options.epochs }), progress: defaultProgress() },
      );
      const out = path.resolve(options.out ?? path.join(config.dataDir, 'eval', `eval-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, JSON.stringify(report, null, 2));
      console.log(formatEvaluationTable(report));
      console.error(`report written to ${out}`);
    }),
  );

program
  .command('token')
  .description('print a bearer token for a role, signed with VITRINE_AUTH_SECRET (or the public development secret)')
  .requiredOption('--role <role>', 'SHOPPER, STOREFRONT, MERCHANDISER or ADMIN')
  .option('--subject <id>', 'the shopper id (required for SHOPPER), or a name for the caller')
  .option('--expires <duration>', 'lifetime such as 30m, 12h, 7d (default: none with the development secret, 1d otherwise)')
  .action(async (options) => {
    const config = loadConfig();
    const role = String(options.role).toUpperCase();
    const subject: string | null = options.subject ?? null;
    const problems = principalProblems(role, subject);
    if (problems.length) throw new Error(problems.join('; '));
    const expiresIn = options.expires ?? (config.auth.development ? undefined : '1d');
    console.log(await signToken(config.auth.secret, { role: role as Role, subject }, { expiresIn }));
    if (config.auth.development) console.error('signed with the public development secret: anyone can make these; set VITRINE_AUTH_SECRET outside local demos');
  });

program
  .command('retention')
  .description('delete raw interactions and impressions older than the retention period')
  .option('--days <n>', 'retention period in days (default: VITRINE_EVENT_RETENTION_DAYS)', positiveInt)
  .option('--dry-run', 'only count what would be deleted')
  .action((options) =>
    withDatabase(async (db, config) => {
      const days: number | null = options.days ?? config.eventRetentionDays;
      if (!days) throw new Error('no retention period: pass --days <n> or set VITRINE_EVENT_RETENTION_DAYS');
      const store = new PrivacyStore(db.prisma);
      const now = new Date();
      const due = await store.countEventsBefore(new Date(now.getTime() - days * DAY_MS));
      const what = (n: { interactions: number; impressions: number }) => `${n.interactions} interactions and ${n.impressions} impressions older than ${days} days`;
      if (options.dryRun) return console.error(`would delete ${what(due)}`);
      const progress = defaultProgress()('retention', due.interactions + due.impressions, 'rows');
      const deleted = await new PrivacyService(store).applyRetention(days, { now, onBatch: (n) => progress.update(n.interactions + n.impressions) });
      progress.stop();
      console.error(`deleted ${what(deleted)}`);
    }),
  );

const modelsCommand = program.command('models').description('model versions and their files');
modelsCommand
  .command('list')
  .description('registered model versions, newest first, with their status and validation metrics')
  .action(async () => {
    const served = await embeddedServer(loadConfig());
    const versions = served ? await listOnServer(served.url, served.headers) : await withDatabase((db) => createRepositories(db.prisma).models.list());
    console.log(describeModelVersions(versions));
  });
modelsCommand
  .command('activate')
  .description('serve a registered model version again (a rollback, or a version trained without --activate) on every running gateway, whatever its validation NDCG')
  .argument('<version>', 'the model version id (the dashboard and the modelVersions query list them)', positiveInt)
  .action(async (versionId: number) => {
    const served = await embeddedServer(loadConfig());
    if (served) {
      console.error(`the embedded database is in use by the server at ${served.url}; activating there`);
      const active = await activateOnServer(served.url, versionId, served.headers);
      console.error(`model version ${active.id} is ${active.status}`);
      return;
    }
    await withDatabase(async (db, config) => {
      const repos = createRepositories(db.prisma);
      const artifactsRoot = modelsDir(config);
      const relevance = new RelevanceService(repos, { readImage: createImageReader({ imagesDir: imagesDir(config) }), artifactsRoot });
      const jobs = new TrainingJobs(repos, relevance, { artifactsRoot, onActivated: (id) => announceActivation(db, config, id) });
      const active = await jobs.activateVersion(versionId);
      console.error(`model version ${active.id} is ${active.status}`);
    });
  });
modelsCommand
  .command('prune')
  .description('delete model folders under <data>/models that no longer serve (the database keeps every version and its bundle); a serving gateway also does this at start-up and after each training')
  .action(() =>
    withDatabase(async (db, config) =>
      console.error(describePrune(await pruneModelFolders(createRepositories(db.prisma).models, { artifactsRoot: modelsDir(config), keep: config.modelKeep }))),
    ),
  );

const importCommand = program.command('import').description('import a real data set');
importCommand
  .command('movielens <dir>')
  .description('MovieLens-100K (u.item, u.user, u.data) as products, shoppers and VIEW events with ratings')
  .option('--batch-size <rows>', 'rows per transaction', positiveInt)
  .action((dir: string, options) =>
    withDatabase(async (db) => printImportReport(await importMovieLens(db.prisma, dir, { progress: defaultProgress(), batchSize: options.batchSize }))),
  );
importCommand
  .command('online-retail <file>')
  .description('UCI Online Retail (.csv or .csv.gz): invoice lines as PURCHASE, cancellations as RETURN')
  .option('--limit <lines>', 'only the first <lines> lines', positiveInt)
  .option('--batch-size <rows>', 'rows per transaction', positiveInt)
  .action((file: string, options) =>
    withDatabase(async (db) =>
      printImportReport(await importOnlineRetail(db.prisma, file, { progress: defaultProgress(), limit: options.limit, batchSize: options.batchSize })),
    ),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `vitrine: ${(error as Error).message}`);
  process.exitCode = 1;
}
