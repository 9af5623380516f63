import { html } from 'lit';
import { gql } from './api.js';
import { SERIES, DASHES } from './charts.js';
import { count, date, fixed, LightElement, message } from './ui.js';

const MODELS = `{ modelVersions(first: 50) { id status active backend metrics durationMs notes createdAt activatedAt } }`;

const validation = (v) => v.metrics?.validation ?? {};

/** Trained model versions with their validation metrics; the serving one is marked. */
export class ModelsPage extends LightElement {
  static properties = { versions: { state: true }, error: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    gql(MODELS)
      .then((data) => (this.versions = data.modelVersions))
      .catch((error) => (this.error = message(error)));
  }

  render() {
    const versions = this.versions;
    const active = versions?.find((v) => v.active);
    return html`<h2 id="models-heading" tabindex="-1">Model versions</h2>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      ${!versions ? html`<p role="status">Loading…</p>` : ''}
      ${versions && versions.length === 0 ? html`<p>No model has been trained yet: the gateway serves popular products. Train one with <code>npx vitrine train --activate</code>.</p>` : ''}
      ${versions?.length ? html`<p>${active ? html`Serving version <strong>${active.id}</strong>, activated ${date(active.activatedAt)} UTC.` : 'No version serves at the moment: popular products are shown.'}</p>
        ${this.renderTable(versions)}
        <div class="charts">${this.renderMetricsChart(versions)}${active ? this.renderEpochs(active) : ''}</div>` : ''}`;
  }

  renderTable(versions) {
    const k = versions.map((v) => validation(v).k).find((x) => x != null);
    return html`<div class="table-wrap"><table>
      <caption class="visually-hidden">Model versions, newest first</caption>
      <thead><tr>
        <th scope="col">Version</th><th scope="col">Status</th><th scope="col" class="num">Recall@${k ?? 'k'}</th><th scope="col" class="num">NDCG@${k ?? 'k'}</th>
        <th scope="col" class="num">Hit rate</th><th scope="col" class="num">Examples/s</th><th scope="col">Backend</th><th scope="col">Trained</th><th scope="col">Notes</th>
      </tr></thead>
      <tbody>${versions.map((v) => {
        const m = validation(v);
        return html`<tr class=${v.active ? 'active' : ''}>
          <th scope="row">${v.id}${v.active ? ' (serving)' : ''}</th><td>${v.status}</td>
          <td class="num">${fixed(m.recall, 4)}</td><td class="num">${fixed(m.ndcg, 4)}</td><td class="num">${fixed(m.hitRate, 3)}</td>
          <td class="num">${count(Math.round(v.metrics?.examplesPerSecond ?? NaN) || null)}</td><td>${v.backend}</td>
          <td>${date(v.createdAt)}</td><td>${v.notes ?? ''}</td>
        </tr>`;
      })}</tbody>
    </table></div>`;
  }

  renderMetricsChart(versions) {
    const ordered = [...versions].reverse();
    const labels = ordered.map((v) => `v${v.id}${v.active ? ' ★' : ''}`);
    const series = [['Recall', (v) => validation(v).recall], ['NDCG', (v) => validation(v).ndcg]];
    const config = {
      type: 'bar',
      data: { labels, datasets: series.map(([name, pick], i) => ({ label: name, data: ordered.map((v) => pick(v) ?? null), backgroundColor: SERIES[i], borderColor: SERIES[i] })) },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: 'validation' } } } },
    };
    const table = { columns: ['Version', 'Recall', 'NDCG'], rows: ordered.map((v, i) => [labels[i], fixed(validation(v).recall, 4), fixed(validation(v).ndcg, 4)]) };
    return html`<vitrine-chart caption="Validation metrics per version" summary=${`${versions.length} versions; ★ marks the serving one.`} .config=${config} .table=${table}></vitrine-chart>`;
  }

  renderEpochs(active) {
    const epochs = active.metrics?.epochs ?? [];
    if (!epochs.length) return '';
    const config = {
      type: 'line',
      data: {
        labels: epochs.map((e) => e.epoch),
        datasets: [
          { label: 'Loss', data: epochs.map((e) => e.loss), borderColor: SERIES[0], backgroundColor: SERIES[0], yAxisID: 'loss' },
          { label: 'Validation NDCG', data: epochs.map((e) => e.ndcg ?? null), borderColor: SERIES[1], backgroundColor: SERIES[1], borderDash: DASHES[1], yAxisID: 'ndcg' },
        ],
      },
      options: { scales: { x: { title: { display: true, text: 'epoch' } }, loss: { position: 'left' }, ndcg: { position: 'right', grid: { drawOnChartArea: false } } } },
    };
    const table = { columns: ['Epoch', 'Loss', 'NDCG'], rows: epochs.map((e) => [e.epoch, fixed(e.loss, 4), fixed(e.ndcg, 4)]) };
    return html`<vitrine-chart caption=${`Training of version ${active.id}`} summary=${`${epochs.length} epochs, best ${active.metrics.bestEpoch ?? ''}.`} .config=${config} .table=${table}></vitrine-chart>`;
  }
}
customElements.define('vitrine-models-page', ModelsPage);
