import { html } from 'lit';
import { gql } from './api.js';
import { DASHES, SERIES, translucent } from './charts.js';
import { count, date, fixed, LightElement, message, money, percent } from './ui.js';

const EXPERIMENTS = `{ experiments { id name description status createdAt startedAt endedAt variants { key share treatment { rankingConfig rows bandit { rowOrder explorationShare } } } } }`;
const CREATE = `mutation DashboardCreateExperiment($input: ExperimentInput!) { createExperiment(input: $input) { id name status } }`;
const TRANSITION = {
  start: `mutation DashboardStartExperiment($id: ID!) { startExperiment(id: $id) { id status } }`,
  pause: `mutation DashboardPauseExperiment($id: ID!) { pauseExperiment(id: $id) { id status } }`,
  end: `mutation DashboardEndExperiment($id: ID!) { endExperiment(id: $id) { id status } }`,
};
const ESTIMATE = 'value low high';
const METRIC = `value low high vsControl { difference low high pValue significant }`;
const RESULTS = `query DashboardExperimentResults($id: ID!) {
  experimentResults(id: $id) {
    alpha
    experiment { id name status }
    variants {
      key shoppers pages impressions clicks
      ctr { ${METRIC} } addToCartRate { ${METRIC} } purchaseRate { ${METRIC} } revenuePerShopper { ${METRIC} } netRevenuePerShopper { ${METRIC} } discovery { ${METRIC} }
    }
    daily { variant days { day exposures impressions clicks ctr { ${ESTIMATE} } } }
  }
}`;

const interval = (m, format) => (m.low == null ? format(m.value) : `${format(m.value)} [${format(m.low)}–${format(m.high)}]`);
const versus = (m, format) => {
  const c = m.vsControl;
  if (!c) return '';
  return `${c.difference >= 0 ? '+' : ''}${format(c.difference)}, p = ${fixed(c.pValue, 3)}${c.significant ? ' (significant)' : ''}`;
};

let variantIds = 0;
const newVariant = (key, share) => ({ uid: ++variantIds, key, share, rankingConfig: '', rowOrder: false, explorationShare: '' });

/** A/B experiments: define, start, pause, end, and read their results with intervals. */
export class ExperimentsPage extends LightElement {
  static properties = {
    configs: { attribute: false },
    experiments: { state: true },
    variants: { state: true },
    results: { state: true },
    status: { state: true },
    error: { state: true },
  };

  constructor() {
    super();
    this.configs = [];
    this.experiments = null;
    this.variants = [newVariant('control', 0.5), newVariant('treatment', 0.5)];
  }

  connectedCallback() {
    super.connectedCallback();
    this.refresh();
  }

  async refresh() {
    try {
      this.experiments = (await gql(EXPERIMENTS)).experiments;
    } catch (error) {
      this.error = message(error);
    }
  }

  async act(description, change) {
    this.status = '';
    this.error = '';
    try {
      await change();
      this.status = description;
      await this.refresh();
      if (this.results) await this.showResults(this.results.experiment.id);
    } catch (error) {
      this.error = message(error);
    }
  }

  async showResults(id) {
    try {
      this.results = (await gql(RESULTS, { id })).experimentResults;
      await this.updateComplete;
      this.querySelector('#results-heading')?.focus();
    } catch (error) {
      this.error = message(error);
    }
  }

  setVariant(uid, key, value) {
    this.variants = this.variants.map((v) => (v.uid === uid ? { ...v, [key]: value } : v));
  }

  create(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const input = {
      name: String(form.get('name')).trim(),
      description: String(form.get('description') ?? '').trim() || null,
      variants: this.variants.map((v) => {
        const bandit = v.rowOrder || v.explorationShare !== '' ? { rowOrder: v.rowOrder || null, explorationShare: v.explorationShare === '' ? null : Number(v.explorationShare) } : null;
        const treatment = v.rankingConfig || bandit ? { rankingConfig: v.rankingConfig || null, bandit } : null;
        return { key: v.key.trim(), share: Number(v.share), treatment };
      }),
    };
    return this.act(`Created experiment "${input.name}" as a draft`, async () => {
      await gql(CREATE, { input });
      for (const field of event.target.querySelectorAll('#experiment-name, #experiment-description')) field.value = '';
      this.variants = [newVariant('control', 0.5), newVariant('treatment', 0.5)];
    });
  }

  render() {
    return html`<h2 id="experiments-heading" tabindex="-1">Experiments</h2>
      <p>Split shoppers between variants of the home page and compare click-through and conversion with 95 % intervals.</p>
      <p class="status ok" role="status">${this.status}</p>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      ${this.renderList()}
      ${this.results ? this.renderResults(this.results) : ''}
      ${this.renderCreate()}`;
  }

  renderList() {
    const list = this.experiments;
    if (!list) return html`<p role="status">Loading…</p>`;
    return html`<div class="table-wrap"><table>
      <caption class="visually-hidden">Experiments, newest first</caption>
      <thead><tr><th scope="col">Experiment</th><th scope="col">Status</th><th scope="col">Variants</th><th scope="col">Started</th><th scope="col">Actions</th></tr></thead>
      <tbody>
        ${list.length === 0 ? html`<tr><td colspan="5">No experiments yet.</td></tr>` : ''}
        ${list.map((x) => html`<tr>
          <th scope="row">${x.name}</th>
          <td>${x.status}</td>
          <td>${x.variants.map((v) => `${v.key} ${percent(v.share, 0)}${v.treatment.rankingConfig ? ` (${v.treatment.rankingConfig})` : ''}`).join(' · ')}</td>
          <td>${date(x.startedAt)}</td>
          <td><span class="actions">
            ${x.status === 'DRAFT' || x.status === 'PAUSED' ? html`<button class="small" @click=${() => this.act(`Started "${x.name}"`, () => gql(TRANSITION.start, { id: x.id }))} aria-label=${`Start ${x.name}`}>Start</button>` : ''}
            ${x.status === 'RUNNING' ? html`<button class="secondary small" @click=${() => this.act(`Paused "${x.name}"`, () => gql(TRANSITION.pause, { id: x.id }))} aria-label=${`Pause ${x.name}`}>Pause</button>` : ''}
            ${x.status === 'RUNNING' || x.status === 'PAUSED' ? html`<button class="danger small" @click=${() => this.act(`Ended "${x.name}"`, () => gql(TRANSITION.end, { id: x.id }))} aria-label=${`Stop ${x.name} for good`}>Stop</button>` : ''}
            ${x.status !== 'DRAFT' ? html`<button class="secondary small" @click=${() => this.showResults(x.id)} aria-label=${`Results of ${x.name}`}>Results</button>` : ''}
          </span></td>
        </tr>`)}
      </tbody>
    </table></div>`;
  }

  renderCreate() {
    return html`<section aria-labelledby="create-experiment-heading">
      <h3 id="create-experiment-heading">New experiment</h3>
      <form id="experiment-form" @submit=${(e) => this.create(e)}>
        <div class="controls">
          <div class="field"><label for="experiment-name">Name</label><input id="experiment-name" name="name" required maxlength="100"></div>
          <div class="field"><label for="experiment-description">Description</label><input id="experiment-description" name="description"></div>
        </div>
        ${this.variants.map((v, i) => html`<fieldset>
          <legend>Variant ${i + 1}${i === 0 ? ' (control)' : ''}</legend>
          <div class="field"><label for=${`variant-key-${v.uid}`}>Key</label>
            <input id=${`variant-key-${v.uid}`} required pattern="[a-z0-9_\\-]{1,32}" .value=${v.key} @input=${(e) => this.setVariant(v.uid, 'key', e.target.value)}></div>
          <div class="field"><label for=${`variant-share-${v.uid}`}>Share</label>
            <input id=${`variant-share-${v.uid}`} type="number" min="0.01" max="1" step="0.01" required .value=${String(v.share)} @input=${(e) => this.setVariant(v.uid, 'share', e.target.value)}></div>
          <div class="field"><label for=${`variant-config-${v.uid}`}>Ranking configuration</label>
            <select id=${`variant-config-${v.uid}`} @change=${(e) => this.setVariant(v.uid, 'rankingConfig', e.target.value)}>
              <option value="">Default</option>${this.configs.map((name) => html`<option value=${name} ?selected=${v.rankingConfig === name}>${name}</option>`)}
            </select></div>
          <div class="field"><span class="label">Bandit</span>
            <label class="check"><input type="checkbox" .checked=${v.rowOrder} @change=${(e) => this.setVariant(v.uid, 'rowOrder', e.target.checked)}> orders rows</label></div>
          <div class="field"><label for=${`variant-explore-${v.uid}`}>Exploration share (0–0.5)</label>
            <input id=${`variant-explore-${v.uid}`} type="number" min="0" max="0.5" step="0.05" .value=${String(v.explorationShare)} @input=${(e) => this.setVariant(v.uid, 'explorationShare', e.target.value)}></div>
          ${this.variants.length > 2 ? html`<button type="button" class="danger small" @click=${() => (this.variants = this.variants.filter((x) => x.uid !== v.uid))}>Remove variant ${i + 1}</button>` : ''}
        </fieldset>`)}
        <div class="controls">
          <button type="button" class="secondary" ?disabled=${this.variants.length >= 10} @click=${() => (this.variants = [...this.variants, newVariant(`variant-${this.variants.length + 1}`, 0)])}>Add a variant</button>
          <button type="submit">Create draft</button>
        </div>
      </form>
    </section>`;
  }

  renderResults(r) {
    const rate = (m) => interval(m, (x) => percent(x, 2));
    return html`<section aria-labelledby="results-heading">
      <h3 id="results-heading" tabindex="-1">Results: ${r.experiment.name} (${r.experiment.status})</h3>
      <div class="table-wrap"><table>
        <caption class="visually-hidden">Per-variant results with ${percent(1 - r.alpha, 0)} intervals; the first variant is the control</caption>
        <thead><tr><th scope="col">Variant</th><th scope="col" class="num">Shoppers</th><th scope="col" class="num">Impressions</th><th scope="col" class="num">Clicks</th>
          <th scope="col">CTR</th><th scope="col">Add to cart</th><th scope="col">Purchase</th><th scope="col">Revenue / shopper</th><th scope="col">Net of returns</th><th scope="col">Discovery</th></tr></thead>
        <tbody>${r.variants.map((v) => html`<tr>
          <th scope="row">${v.key}</th><td class="num">${count(v.shoppers)}</td><td class="num">${count(v.impressions)}</td><td class="num">${count(v.clicks)}</td>
          <td>${rate(v.ctr)}<br><small>${versus(v.ctr, (x) => percent(x, 2))}</small></td>
          <td>${rate(v.addToCartRate)}<br><small>${versus(v.addToCartRate, (x) => percent(x, 2))}</small></td>
          <td>${rate(v.purchaseRate)}<br><small>${versus(v.purchaseRate, (x) => percent(x, 2))}</small></td>
          <td>${interval(v.revenuePerShopper, (x) => money(x, 'EUR'))}<br><small>${versus(v.revenuePerShopper, (x) => money(x, 'EUR'))}</small></td>
          <td>${interval(v.netRevenuePerShopper, (x) => money(x, 'EUR'))}<br><small>${versus(v.netRevenuePerShopper, (x) => money(x, 'EUR'))}</small></td>
          <td>${rate(v.discovery)}<br><small>${versus(v.discovery, (x) => percent(x, 2))}</small></td>
        </tr>`)}</tbody>
      </table></div>
      <div class="charts">${this.renderCtrOverTime(r)}${this.renderConversion(r)}</div>
    </section>`;
  }

  renderCtrOverTime(r) {
    const days = [...new Set(r.daily.flatMap((s) => s.days.map((d) => d.day)))].sort();
    const datasets = r.daily.flatMap((series, i) => {
      const colour = SERIES[i % SERIES.length];
      const byDay = new Map(series.days.map((d) => [d.day, d.ctr]));
      const pick = (field) => days.map((day) => (byDay.get(day)?.[field] ?? null) === null ? null : byDay.get(day)[field] * 100);
      return [
        { label: `${series.variant} low`, data: pick('low'), borderWidth: 0, pointRadius: 0, borderColor: colour, backgroundColor: colour, interval: true },
        { label: `${series.variant} 95 % interval`, data: pick('high'), borderWidth: 0, pointRadius: 0, fill: '-1', borderColor: colour, backgroundColor: translucent(colour), interval: true },
        { label: `${series.variant} CTR`, data: pick('value'), borderColor: colour, backgroundColor: colour, borderDash: DASHES[i % DASHES.length] },
      ];
    });
    const config = {
      type: 'line',
      data: { labels: days, datasets },
      options: {
        spanGaps: true,
        scales: { y: { beginAtZero: true, title: { display: true, text: 'CTR %' } } },
        plugins: { legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].interval } } },
      },
    };
    const table = {
      columns: ['Variant', 'Day', 'Impressions', 'Clicks', 'CTR [95 % interval]'],
      rows: r.daily.flatMap((s) => s.days.map((d) => [s.variant, d.day, count(d.impressions), count(d.clicks), interval(d.ctr, (x) => percent(x, 2))])),
    };
    return html`<vitrine-chart caption="Click-through rate per day" summary=${`${r.daily.length} variants over ${days.length} days; shaded bands are 95 % intervals.`} .config=${config} .table=${table}></vitrine-chart>`;
  }

  renderConversion(r) {
    const metrics = [['CTR', 'ctr'], ['Add to cart', 'addToCartRate'], ['Purchase', 'purchaseRate']];
    // One category per metric and variant, so each point sits on its own interval bar.
    const cells = metrics.flatMap(([name, field]) => r.variants.map((v, i) => ({ label: `${name} · ${v.key}`, estimate: v[field], colour: SERIES[i % SERIES.length] })));
    const config = {
      type: 'bar',
      data: {
        labels: cells.map((c) => c.label),
        datasets: [
          {
            type: 'bar',
            label: '95 % interval',
            data: cells.map((c) => (c.estimate.low == null ? null : [c.estimate.low * 100, c.estimate.high * 100])),
            backgroundColor: cells.map((c) => translucent(c.colour, 0.3)),
            borderColor: cells.map((c) => c.colour),
            borderWidth: 1,
          },
          {
            type: 'line',
            label: 'Estimate',
            data: cells.map((c) => c.estimate.value * 100),
            showLine: false,
            pointRadius: 6,
            pointStyle: 'rectRot',
            borderColor: '#1a1a1a',
            backgroundColor: cells.map((c) => c.colour),
          },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } } },
    };
    const table = { columns: ['Variant', ...metrics.map(([name]) => name)], rows: r.variants.map((v) => [v.key, ...metrics.map(([, f]) => interval(v[f], (x) => percent(x, 2)))]) };
    return html`<vitrine-chart caption="Rates per variant" summary="Each variant's click-through, add-to-cart and purchase rate with its 95 % interval." .config=${config} .table=${table}></vitrine-chart>`;
  }
}
customElements.define('vitrine-experiments-page', ExperimentsPage);
