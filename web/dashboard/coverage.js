import { html } from 'lit';
import { gql } from './api.js';
import { DASHES, SERIES, translucent } from './charts.js';
import { count, fixed, label, LightElement, message, percent } from './ui.js';

const EXPOSURE = `query DashboardExposure($days: Int) {
  catalogExposure(days: $days) {
    catalogSize productsShown impressions coverage gini topShare
    lorenz { catalogShare impressionShare }
    daily { day impressions productsShown coverage cumulativeCoverage }
    byRowKind { rowKind impressions productsShown coverage }
  }
}`;

/** How much of the catalog shoppers are shown, and how evenly impressions spread over it. */
export class CoveragePage extends LightElement {
  static properties = { days: { state: true }, report: { state: true }, error: { state: true } };

  constructor() {
    super();
    this.days = 30;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    try {
      this.report = (await gql(EXPOSURE, { days: this.days })).catalogExposure;
      this.error = null;
    } catch (error) {
      this.error = message(error);
    }
  }

  render() {
    const r = this.report;
    return html`<h2 id="coverage-heading" tabindex="-1">Catalog coverage and exposure</h2>
      <p>Which share of the catalog shoppers were shown, and how concentrated impressions are on a few products.</p>
      <form class="controls" @submit=${(e) => e.preventDefault()}>
        <div class="field"><label for="coverage-days">Window</label>
          <select id="coverage-days" @change=${(e) => { this.days = Number(e.target.value); this.load(); }}>
            ${[1, 7, 30, 90, 365].map((d) => html`<option value=${d} ?selected=${this.days === d}>Last ${d} day${d > 1 ? 's' : ''}</option>`)}
          </select></div>
      </form>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      ${r ? this.renderReport(r) : html`<p role="status">Loading…</p>`}`;
  }

  renderReport(r) {
    return html`<dl class="tiles">
        <div class="tile"><dt>Catalog shown</dt><dd>${percent(r.coverage)}</dd></div>
        <div class="tile"><dt>Products shown / catalog</dt><dd>${count(r.productsShown)} / ${count(r.catalogSize)}</dd></div>
        <div class="tile"><dt>Impressions</dt><dd>${count(r.impressions)}</dd></div>
        <div class="tile"><dt>Gini of impressions</dt><dd>${fixed(r.gini, 3)}</dd></div>
        <div class="tile"><dt>Share to the top 10 %</dt><dd>${percent(r.topShare)}</dd></div>
      </dl>
      ${r.impressions === 0 ? html`<p>No impressions in this window yet: they are recorded as home pages are served.</p>` : ''}
      <div class="charts">${this.renderCoverage(r)}${this.renderLorenz(r)}${this.renderRowKinds(r)}</div>`;
  }

  renderCoverage(r) {
    const config = {
      type: 'line',
      data: {
        labels: r.daily.map((d) => d.day),
        datasets: [
          { label: 'Shown so far', data: r.daily.map((d) => d.cumulativeCoverage * 100), borderColor: SERIES[0], backgroundColor: SERIES[0] },
          { label: 'Shown that day', data: r.daily.map((d) => d.coverage * 100), borderColor: SERIES[1], backgroundColor: SERIES[1], borderDash: DASHES[1] },
        ],
      },
      options: { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% of catalog' } } } },
    };
    const table = { columns: ['Day', 'Impressions', 'Products shown', 'That day', 'So far'], rows: r.daily.map((d) => [d.day, count(d.impressions), count(d.productsShown), percent(d.coverage), percent(d.cumulativeCoverage)]) };
    const last = r.daily.at(-1);
    return html`<vitrine-chart caption="Catalog coverage per day" summary=${last ? `By ${last.day}, ${percent(last.cumulativeCoverage)} of the catalog had been shown.` : 'No data.'} .config=${config} .table=${table}></vitrine-chart>`;
  }

  renderLorenz(r) {
    const config = {
      type: 'line',
      data: {
        labels: r.lorenz.map((p) => percent(p.catalogShare, 0)),
        datasets: [
          { label: 'Impressions (Lorenz curve)', data: r.lorenz.map((p) => p.impressionShare * 100), borderColor: SERIES[0], backgroundColor: translucent(SERIES[0]), fill: 'origin' },
          { label: 'Perfectly even', data: r.lorenz.map((p) => p.catalogShare * 100), borderColor: '#555', backgroundColor: '#555', borderDash: DASHES[2], pointRadius: 0 },
        ],
      },
      options: { scales: { x: { title: { display: true, text: 'share of catalog, least shown first' } }, y: { min: 0, max: 100, title: { display: true, text: '% of impressions' } } } },
    };
    const table = { columns: ['Catalog share', 'Impression share'], rows: r.lorenz.map((p) => [percent(p.catalogShare, 0), percent(p.impressionShare)]) };
    return html`<vitrine-chart caption="Exposure concentration" summary=${`Gini ${fixed(r.gini, 3)}; the most shown 10 % of products got ${percent(r.topShare)} of impressions.`} .config=${config} .table=${table}></vitrine-chart>`;
  }

  renderRowKinds(r) {
    const config = {
      type: 'bar',
      data: {
        labels: r.byRowKind.map((k) => label(k.rowKind)),
        datasets: [{ label: '% of catalog shown', data: r.byRowKind.map((k) => k.coverage * 100), backgroundColor: SERIES[2], borderColor: SERIES[2] }],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, title: { display: true, text: '% of catalog' } } } },
    };
    const table = { columns: ['Row kind', 'Impressions', 'Products shown', 'Coverage'], rows: r.byRowKind.map((k) => [label(k.rowKind), count(k.impressions), count(k.productsShown), percent(k.coverage)]) };
    return html`<vitrine-chart caption="Coverage by kind of row" summary=${`${r.byRowKind.length} kinds of rows.`} .config=${config} .table=${table}></vitrine-chart>`;
  }
}
customElements.define('vitrine-coverage-page', CoveragePage);
