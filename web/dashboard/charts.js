import { html } from 'lit';
import { Chart, registerables } from 'chart.js';
import { LightElement } from './ui.js';

Chart.register(...registerables);
Chart.defaults.color = '#1a1a1a';
Chart.defaults.borderColor = '#c4c4c4';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** Series colours, each at least 3:1 against white and told apart by more than hue alone (dashes). */
export const SERIES = ['#0b57d0', '#b3261e', '#146c2e', '#8a4b00', '#6b3fa0', '#00697a'];
export const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4], [4, 6]];
export const translucent = (hex, alpha = 0.18) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/**
 * A chart with a caption, a text alternative and the numbers behind it as a table, so that the
 * figures are there for screen readers and keyboard users too.
 */
export class VitrineChart extends LightElement {
  static properties = {
    caption: { type: String },
    summary: { type: String },
    config: { attribute: false },
    table: { attribute: false },
  };

  render() {
    const table = this.table;
    return html`<figure class="chart">
      <figcaption>${this.caption}</figcaption>
      <div class="canvas-box"><canvas role="img" aria-label=${`${this.caption}. ${this.summary ?? ''}`}></canvas></div>
      ${table
        ? html`<details>
            <summary>Data table</summary>
            <div class="table-wrap"><table>
              <thead><tr>${table.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
              <tbody>${table.rows.map((r) => html`<tr>${r.map((v) => html`<td>${v}</td>`)}</tr>`)}</tbody>
            </table></div>
          </details>`
        : ''}
    </figure>`;
  }

  updated(changed) {
    if (!changed.has('config') || !this.config) return;
    const canvas = this.querySelector('canvas');
    if (this.chart && this.chart.config.type === this.config.type) {
      this.chart.data = this.config.data;
      this.chart.options = this.config.options ?? {};
      this.chart.update();
    } else {
      this.chart?.destroy();
      this.chart = new Chart(canvas, this.config);
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = undefined;
  }
}
customElements.define('vitrine-chart', VitrineChart);
