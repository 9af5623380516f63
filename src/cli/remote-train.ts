import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ListedVersion } from './model-versions.js';
import type { ProgressFactory, Progress } from './progress.js';

/** Where `vitrine serve` on the embedded database says where it listens, for CLI jobs. */
const SERVER_FILE = '.vitrine-server.json';
const POLL_MS = 500;

/** Records the serving URL in the data folder; the returned function removes it again. */
export async function announceServer(dataDir: string, url: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, SERVER_FILE);
  await writeFile(file, JSON.stringify({ url, pid: process.pid }));
  return () => rm(file, { force: true });
}

/** The URL of the server announced in `dataDir`, if any. */
export async function announcedServer(dataDir: string): Promise<string | null> {
  try {
    const { url } = JSON.parse(await readFile(path.join(dataDir, SERVER_FILE), 'utf8')) as { url?: unknown };
    return typeof url === 'string' ? url : null;
  } catch {
    return null;
  }
}

export interface RemoteTrainingJob {
  id: string;
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  progress: { epoch: number; epochs: number; step: number; steps: number; loss: number; examplesPerSecond: number } | null;
  versionId: number | null;
  activated: boolean;
  decision: string | null;
  validationNdcg: number | null;
}

const JOB_FIELDS = 'id state progress { epoch epochs step steps loss examplesPerSecond } versionId activated decision validationNdcg';

/** A GraphQL operation against the server at `url`; its errors become one Error naming the server. */
function serverCall(url: string, headers: Record<string, string>) {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`the server at ${url} refused: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data!;
  };
}

/** Asks a running gateway to serve a registered model version (`activateModel`). */
export async function activateOnServer(url: string, versionId: number, headers: Record<string, string> = {}): Promise<{ id: string; status: string }> {
  const call = serverCall(url, headers);
  const done = await call<{ activateModel: { id: string; status: string } }>(`mutation Activate($versionId: ID!) { activateModel(versionId: $versionId) { id status } }`, {
    versionId: String(versionId),
  });
  return done.activateModel;
}

/** The registered model versions, newest first, as the running gateway lists them. */
export async function listOnServer(url: string, headers: Record<string, string> = {}): Promise<ListedVersion[]> {
  const call = serverCall(url, headers);
  return (await call<{ modelVersions: ListedVersion[] }>(`{ modelVersions(first: 100) { id status metrics createdAt notes } }`)).modelVersions;
}

/**
 * Asks a running gateway to train (the embedded database cannot be opened by a second process)
 * and follows the job to its end with a progress bar.
 */
export async function trainOnServer(
  url: string,
  request: { activate: boolean; epochs?: number; seed?: number; batchSize?: number },
  progress: ProgressFactory,
  headers: Record<string, string> = {},
): Promise<RemoteTrainingJob> {
  const call = serverCall(url, headers);
  const started = await call<{ trainModel: RemoteTrainingJob }>(
    `mutation Train($activate: Boolean!, $epochs: Int, $seed: Int, $batchSize: Int) { trainModel(activate: $activate, epochs: $epochs, seed: $seed, batchSize: $batchSize) { ${JOB_FIELDS} } }`,
    request,
  );
  let job = started.trainModel;
  let bar: Progress | undefined;
  while (job.state === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const polled = (await call<{ trainingJob: RemoteTrainingJob | null }>(`{ trainingJob { ${JOB_FIELDS} } }`)).trainingJob;
    if (!polled || polled.id !== job.id) throw new Error(`the server at ${url} lost training job ${job.id} (restarted?)`);
    job = polled;
    const p = job.progress;
    if (p) {
      bar ??= progress('train', p.epochs * p.steps, 'steps');
      bar.update((p.epoch - 1) * p.steps + p.step, { epoch: `${p.epoch}/${p.epochs}`, loss: p.loss.toFixed(3), 'ex/s': Math.round(p.examplesPerSecond) });
    }
  }
  bar?.stop();
  return job;
}
