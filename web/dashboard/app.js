import { html } from 'lit';
import { demoToken, gql, setToken, token, tokenRole } from './api.js';
import './charts.js';
import './coverage.js';
import './experiments.js';
import { defaultRequest } from './home.js';
import './merchandising.js';
import './models.js';
import './preview.js';
import { LightElement } from './ui.js';

const SECTIONS = [
  { id: 'preview', title: 'Preview' },
  { id: 'merchandising', title: 'Merchandising' },
  { id: 'experiments', title: 'Experiments' },
  { id: 'models', title: 'Models' },
  { id: 'coverage', title: 'Coverage' },
];

const SHARED = `{
  rankingConfigs { name }
  users(first: 100) { nodes { id region } }
}`;

/** The workspace shell: sections by URL fragment, the shared preview context and the access token. */
export class Dashboard extends LightElement {
  static properties = {
    section: { state: true },
    request: { state: true },
    configs: { state: true },
    shoppers: { state: true },
    regions: { state: true },
    notice: { state: true },
  };

  constructor() {
    super();
    this.section = this.fromHash();
    this.request = defaultRequest();
    this.configs = [];
    this.shoppers = [];
    this.regions = [];
    this.onHash = () => {
      this.section = this.fromHash();
      this.updateComplete.then(() => this.querySelector(`#${this.section}-heading`)?.focus());
    };
  }

  fromHash() {
    const id = location.hash.slice(1);
    return SECTIONS.some((s) => s.id === id) ? id : 'preview';
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.loadShared();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  async loadShared() {
    // Lists for pickers only: a role that may not read them still gets a working page.
    const data = await gql(SHARED).catch(() => null);
    if (!data) return;
    this.configs = [...new Set(data.rankingConfigs.map((c) => c.name))].sort();
    this.shoppers = data.users.nodes;
    this.regions = [...new Set(data.users.nodes.map((u) => u.region).filter(Boolean))].sort();
    if (!this.request.userId && this.shoppers.length) this.request = { ...this.request, userId: this.shoppers[0].id, region: this.shoppers[0].region ?? '' };
  }

  saveToken(event) {
    event.preventDefault();
    setToken(new FormData(event.target).get('token') ?? '');
    this.notice = `Token saved for this tab${tokenRole() ? ` (role ${tokenRole()})` : ''}.`;
    this.loadShared();
    const current = this.section;
    // Re-mount the section so it reloads with the new token.
    this.section = null;
    this.updateComplete.then(() => (this.section = current));
  }

  render() {
    const role = tokenRole();
    return html`<header class="top">
        <h1>vitrine <span>merchandiser workspace</span></h1>
        <details>
          <summary>Access${role ? `: ${role}` : token() ? '' : ': no token'}</summary>
          <form class="controls" @submit=${(e) => this.saveToken(e)}>
            <div class="field">
              <label for="token">Bearer token</label>
              <input id="token" name="token" type="password" autocomplete="off" .value=${token()}>
            </div>
            <button type="submit">Use token</button>
          </form>
          <p>${demoToken() ? 'Demo mode: a development merchandiser token is filled in.' : 'Paste a token with the MERCHANDISER or ADMIN role.'}</p>
          <p class="status ok" role="status">${this.notice ?? ''}</p>
        </details>
      </header>
      <nav class="sections" aria-label="Sections">
        <ul>${SECTIONS.map((s) => html`<li><a href=${`#${s.id}`} aria-current=${s.id === this.section ? 'page' : 'false'}>${s.title}</a></li>`)}</ul>
      </nav>
      <main id="main" tabindex="-1" @request-change=${(e) => (this.request = e.detail)}>${this.renderSection()}</main>`;
  }

  renderSection() {
    switch (this.section) {
      case 'preview':
        return html`<vitrine-preview-page .request=${this.request} .shoppers=${this.shoppers} .regions=${this.regions} .configs=${this.configs}></vitrine-preview-page>`;
      case 'merchandising':
        return html`<vitrine-merchandising-page .request=${this.request} .shoppers=${this.shoppers} .regions=${this.regions}></vitrine-merchandising-page>`;
      case 'experiments':
        return html`<vitrine-experiments-page .configs=${this.configs}></vitrine-experiments-page>`;
      case 'models':
        return html`<vitrine-models-page></vitrine-models-page>`;
      case 'coverage':
        return html`<vitrine-coverage-page></vitrine-coverage-page>`;
      default:
        return '';
    }
  }
}
customElements.define('vitrine-dashboard', Dashboard);
