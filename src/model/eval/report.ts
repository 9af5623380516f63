import { METHODS, TFRS_K, type EvaluationReport, type MethodName, type ProtocolReport } from './evaluate.js';

const METHOD_LABELS: Record<MethodName, string> = { twoTower: 'two-tower', popularity: 'popularity', itemKnn: 'item-kNN' };

/** The evaluation report as Markdown: one section and table per protocol. */
export function formatEvaluationTable(report: EvaluationReport): string {
  const { users, items, ratings } = report.dataset;
  const lines = [
    `${count(ratings)} ratings, ${count(users)} users, ${count(items)} items; seed ${report.seed}; TF.js backend ${report.backend}`,
  ];
  for (const protocol of report.protocols) lines.push('', ...protocolSection(protocol, report.k));
  return lines.join('\n') + '\n';
}

function protocolSection(protocol: ProtocolReport, ks: number[]): string[] {
  const { split, training } = protocol;
  const lines = [
    `### ${protocol.protocol}`,
    '',
    protocol.description + '.',
    '',
    `Train ${count(split.trainRatings)} ratings, test ${count(split.testRatings)} (${count(split.testUsers)} users)` +
      (split.droppedRatings > 0 ? `, ${count(split.droppedRatings)} dropped` : '') +
      `. Two-tower: ${training.epochsRun} epochs (best ${training.bestEpoch}), ${count(training.examplesPerSecond)} examples/s, ` +
      `${training.trainSeconds} s training; lr ${training.options.learningRate}, temperature ${training.options.temperature}, ` +
      `batch ${training.options.batchSize}.`,
    '',
    '| Method | Variant | K | Recall | NDCG | Hit rate | Coverage | Novelty |',
    '|---|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const variant of protocol.variants) {
    for (const k of ks) {
      const best = Math.max(...METHODS.map((method) => protocol.methods[method][variant]![k]!.ndcg));
      for (const method of METHODS) {
        const m = protocol.methods[method][variant]![k]!;
        const ndcg = m.ndcg === best ? `**${fixed(m.ndcg)}**` : fixed(m.ndcg);
        lines.push(
          `| ${METHOD_LABELS[method]} | ${variant} | ${k} | ${fixed(m.recall)} | ${ndcg} | ${fixed(m.hitRate)} | ${fixed(m.coverage)} | ${m.novelty.toFixed(2)} |`,
        );
      }
    }
  }
  if (protocol.tfrsTop100Accuracy) {
    const accuracy = protocol.tfrsTop100Accuracy;
    lines.push(
      '',
      `Top-${TFRS_K} accuracy (TFRS "factorized_top_k/top_${TFRS_K}_categorical_accuracy", unfiltered): ` +
        METHODS.map((method) => `${METHOD_LABELS[method]} ${fixed(accuracy[method])}`).join(', ') +
        '.',
    );
  }
  return lines;
}

function fixed(value: number): string {
  return value.toFixed(4);
}

function count(value: number): string {
  return value.toLocaleString('en');
}
