import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Lookups of an in-memory cache, counted by the cache itself. */
export interface CacheStats {
  hits: number;
  misses: number;
}

export interface ModelInfo {
  state: string;
  backend: string | null;
  versionId?: number;
}

export interface MetricsSources {
  model: () => ModelInfo;
  caches: Record<string, CacheStats>;
  changeBus?: () => { transport: string; connected: boolean };
}

/** Operation names come from clients: only plain names, and only so many, become label values. */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways can live in one
 * process, as in tests). Labels never carry personal data: operation names, error codes, model
 * versions and cache names only.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly ingested: Counter;
  private readonly operations = new Set<string>();

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.duration = new Histogram({
      name: 'vitrine_graphql_request_duration_seconds',
      help: 'Time to answer a GraphQL operation, by operation name and type',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: 'vitrine_errors_total', help: 'Errors answered, by stable error code', labelNames: ['code'], registers });
    this.ingested = new Counter({ name: 'vitrine_events_ingested_total', help: 'Interaction events written (duplicates by eventId excluded)', registers });
    new Gauge({
      name: 'vitrine_model_info',
      help: 'The model serving: 1 for the current state, version and TensorFlow.js backend',
      labelNames: ['state', 'version', 'backend'],
      registers,
      collect() {
        const model = sources.model();
        this.reset();
        this.set({ state: model.state, version: model.versionId === undefined ? 'none' : String(model.versionId), backend: model.backend ?? 'none' }, 1);
      },
    });
    const changeBus = sources.changeBus;
    if (changeBus) {
      new Gauge({
        name: 'vitrine_change_bus_connected',
        help: 'Whether changes made by other gateway processes reach this one (0 while reconnecting), by transport',
        labelNames: ['transport'],
        registers,
        collect() {
          const bus = changeBus();
          this.reset();
          this.set({ transport: bus.transport }, bus.connected ? 1 : 0);
        },
      });
    }
    const seen = new Map<string, CacheStats>();
    new Counter({
      name: 'vitrine_cache_lookups_total',
      help: 'Lookups of in-memory caches (catalog, shopper state, user vectors, served pages), by result',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        for (const [cache, stats] of Object.entries(sources.caches)) {
          const before = seen.get(cache) ?? { hits: 0, misses: 0 };
          this.inc({ cache, result: 'hit' }, stats.hits - before.hits);
          this.inc({ cache, result: 'miss' }, stats.misses - before.misses);
          seen.set(cache, { ...stats });
        }
      },
    });
  }

  error(code: string): void {
    this.errors.inc({ code });
  }

  eventsIngested(count: number): void {
    if (count > 0) this.ingested.inc(count);
  }

  /** Times every operation and counts its errors by the code the client receives. */
  apolloPlugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const end = this.duration.startTimer();
        return {
          willSendResponse: async ({ operation, operationName, response }) => {
            end({ operation: this.operationLabel(operation ? operationName : undefined, Boolean(operation)), type: operation?.operation ?? 'none' });
            if (response.body.kind !== 'single') return;
            for (const error of response.body.singleResult.errors ?? []) this.error(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          },
        };
      },
    };
  }

  private operationLabel(name: string | null | undefined, resolved: boolean): string {
    if (!resolved) return '(invalid)';
    if (!name) return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return '(other)';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return '(other)';
    this.operations.add(name);
    return name;
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
