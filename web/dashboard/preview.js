import { html } from 'lit';
import './home.js';
import { LightElement } from './ui.js';

/** A shopper's home page under any context, alone or next to the same page under another configuration. */
export class PreviewPage extends LightElement {
  static properties = {
    request: { attribute: false },
    shoppers: { attribute: false },
    regions: { attribute: false },
    configs: { attribute: false },
    configA: { state: true },
    configB: { state: true },
    pageA: { state: true },
    pageB: { state: true },
  };

  constructor() {
    super();
    // An explicit configuration keeps previews out of experiments; '' asks for the page as served.
    this.configA = 'default';
    this.configB = '';
    this.configs = [];
  }

  configSelect(id, text, value, onChange, noneText) {
    const names = [...new Set(['default', ...this.configs])];
    return html`<div class="field">
      <label for=${id}>${text}</label>
      <select id=${id} .value=${value} @change=${(e) => onChange(e.target.value)}>
        <option value="" ?selected=${!value}>${noneText}</option>
        ${names.map((name) => html`<option value=${name} ?selected=${value === name}>${name}</option>`)}
      </select>
    </div>`;
  }

  render() {
    const comparing = Boolean(this.configB);
    return html`<h2 id="preview-heading" tabindex="-1">Home page preview</h2>
      <p>See the home page a shopper gets in a given context, why each product is there and how its score is made up.</p>
      <vitrine-context-form .request=${this.request} .shoppers=${this.shoppers} .regions=${this.regions}></vitrine-context-form>
      <fieldset>
        <legend>Ranking configurations</legend>
        ${this.configSelect('config-a', 'Configuration', this.configA, (v) => (this.configA = v), 'As served (with the shopper\'s experiment)')}
        ${this.configSelect('config-b', 'Compare with', this.configB, (v) => { this.configB = v; this.pageB = null; }, 'No comparison')}
      </fieldset>
      <div class=${comparing ? 'compare' : ''}>
        <vitrine-home id="preview-a" .request=${this.request} rankingConfig=${this.configA}
          heading=${comparing ? `Configuration ${this.configA || 'as served'}` : 'Home page'}
          .reference=${comparing ? this.pageB : null} @page-loaded=${(e) => { e.stopPropagation(); this.pageA = e.detail; }}></vitrine-home>
        ${comparing
          ? html`<vitrine-home id="preview-b" .request=${this.request} rankingConfig=${this.configB} heading=${`Configuration ${this.configB}`}
              .reference=${this.pageA} @page-loaded=${(e) => { e.stopPropagation(); this.pageB = e.detail; }}></vitrine-home>`
          : ''}
      </div>`;
  }
}
customElements.define('vitrine-preview-page', PreviewPage);
