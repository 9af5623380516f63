import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | undefined;

/**
 * Picks the fastest TF.js backend this machine can run: native TensorFlow (`@tensorflow/tfjs-node`,
 * an optional dependency whose install needs Google's storage and so is often absent), else the
 * WebAssembly backend, else pure-JS CPU. Idempotent: later calls return the first choice.
 * `VITRINE_TF_BACKEND` (or `preferred`) can force one, e.g. to compare speeds.
 */
export function selectBackend(preferred: BackendName | undefined = envPreference()): Promise<BackendName> {
  chosen ??= choose(preferred);
  return chosen;
}

function envPreference(): BackendName | undefined {
  const value = process.env.VITRINE_TF_BACKEND;
  return value === 'tensorflow' || value === 'wasm' || value === 'cpu' ? value : undefined;
}

async function choose(preferred: BackendName | undefined): Promise<BackendName> {
  const order: BackendName[] = preferred ? [preferred, 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (await tryBackend(name)) return name;
  }
  throw new Error('No TensorFlow.js backend could be initialised');
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // A variable specifier keeps TypeScript from requiring the optional package's types.
      const nativePackage = '@tensorflow/tfjs-node';
      await import(nativePackage);
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // setWasmPaths takes a prefix, not a folder: without the trailing separator the file
      // names are glued onto "dist" and loading fails.
      wasm.setWasmPaths(wasmDistFolder() + path.sep);
    }
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}
