import { html } from 'lit';
import { gql } from './api.js';
import { DEVICES, fixed, label, LightElement, localImage, message, money, OCCASIONS, SEASONS, swatch } from './ui.js';

const HOME_ROWS = `query DashboardHome($userId: ID, $context: ContextInput, $rankingConfig: String, $rows: Int!, $itemsPerRow: Int!) {
  homeRows(userId: $userId, context: $context, rankingConfig: $rankingConfig, rows: $rows, itemsPerRow: $itemsPerRow, preview: true) {
    personalized
    rankingConfig { name version }
    rows {
      id kind title reason
      items {
        position score reason serendipitous
        breakdown { relevance popularity freshness context rules }
        product { id title price currency colour imageUrl brand { name } }
      }
    }
  }
}`;

/** The request a preview is made for, as the context form edits it. */
export function defaultRequest() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return { userId: '', device: 'MOBILE', occasion: '', season: '', region: '', localTime: `${pad(now.getHours())}:${pad(now.getMinutes())}`, rows: 4, itemsPerRow: 8 };
}

export function homeVariables(request, rankingConfig) {
  const context = {};
  for (const key of ['device', 'occasion', 'season', 'region', 'localTime']) if (request[key]) context[key] = request[key];
  return {
    userId: request.userId.trim() || null,
    context,
    rankingConfig: rankingConfig || null,
    rows: Number(request.rows) || 4,
    itemsPerRow: Number(request.itemsPerRow) || 8,
  };
}

let formIds = 0;

/** Shopper and context of a preview: who, on which device, for what occasion, where and when. */
export class ContextForm extends LightElement {
  static properties = { request: { attribute: false }, shoppers: { attribute: false }, regions: { attribute: false } };

  constructor() {
    super();
    this.idBase = `ctx${++formIds}`;
    this.shoppers = [];
    this.regions = [];
  }

  change(key, value) {
    this.request = { ...this.request, [key]: value };
    this.dispatchEvent(new CustomEvent('request-change', { detail: this.request, bubbles: true }));
  }

  render() {
    const r = this.request;
    const id = (name) => `${this.idBase}-${name}`;
    const select = (name, text, values, anyText) => html`<div class="field">
      <label for=${id(name)}>${text}</label>
      <select id=${id(name)} name=${name} .value=${r[name]} @change=${(e) => this.change(name, e.target.value)}>
        ${anyText ? html`<option value="" ?selected=${!r[name]}>${anyText}</option>` : ''}
        ${values.map((v) => html`<option value=${v} ?selected=${r[name] === v}>${label(v)}</option>`)}
      </select>
    </div>`;
    return html`<fieldset>
      <legend>Shopper and context</legend>
      <div class="field">
        <label for=${id('userId')}>Shopper id (empty: anonymous)</label>
        <input id=${id('userId')} name="userId" list=${id('shoppers')} autocomplete="off" .value=${r.userId} placeholder="anonymous"
          @change=${(e) => this.change('userId', e.target.value)}>
        <datalist id=${id('shoppers')}>${this.shoppers.map((s) => html`<option value=${s.id}>${s.region ?? ''}</option>`)}</datalist>
      </div>
      ${select('device', 'Device', DEVICES, 'Any device')}
      ${select('occasion', 'Occasion', OCCASIONS, 'No occasion')}
      ${select('season', 'Season', SEASONS, 'Current season')}
      <div class="field">
        <label for=${id('region')}>Region</label>
        <input id=${id('region')} name="region" list=${id('regions')} .value=${r.region} placeholder="e.g. Milan" @change=${(e) => this.change('region', e.target.value.trim())}>
        <datalist id=${id('regions')}>${this.regions.map((region) => html`<option value=${region}></option>`)}</datalist>
      </div>
      <div class="field">
        <label for=${id('localTime')}>Local time</label>
        <input id=${id('localTime')} name="localTime" type="time" .value=${r.localTime} @change=${(e) => this.change('localTime', e.target.value)}>
      </div>
      <div class="field">
        <label for=${id('rows')}>Rows</label>
        <input id=${id('rows')} name="rows" type="number" min="1" max="10" .value=${String(r.rows)} @change=${(e) => this.change('rows', e.target.value)}>
      </div>
      <div class="field">
        <label for=${id('itemsPerRow')}>Items per row</label>
        <input id=${id('itemsPerRow')} name="itemsPerRow" type="number" min="1" max="40" .value=${String(r.itemsPerRow)} @change=${(e) => this.change('itemsPerRow', e.target.value)}>
      </div>
    </fieldset>`;
  }
}
customElements.define('vitrine-context-form', ContextForm);

const PARTS = ['relevance', 'popularity', 'freshness', 'context', 'rules'];

/**
 * A home page as a shopper would get it, with each item's score, its parts and its reason. With a
 * `reference` page (another configuration), each item says how its place differs there.
 */
export class HomePreview extends LightElement {
  static properties = {
    request: { attribute: false },
    rankingConfig: { type: String },
    heading: { type: String },
    highlight: { type: String },
    reference: { attribute: false },
    page: { state: true },
    error: { state: true },
    loading: { state: true },
  };

  constructor() {
    super();
    this.heading = 'Home page';
    // A named configuration: a preview, which never joins the shopper to an experiment.
    this.rankingConfig = 'default';
  }

  willUpdate(changed) {
    if ((changed.has('request') || changed.has('rankingConfig')) && this.request) this.load();
  }

  /** Fetches the page again (after a rule or collection changed). */
  async load() {
    const ticket = (this.ticket = (this.ticket ?? 0) + 1);
    this.loading = true;
    try {
      const data = await gql(HOME_ROWS, homeVariables(this.request, this.rankingConfig));
      if (ticket !== this.ticket) return;
      this.page = data.homeRows;
      this.error = null;
      this.dispatchEvent(new CustomEvent('page-loaded', { detail: this.page, bubbles: true }));
    } catch (error) {
      if (ticket !== this.ticket) return;
      this.error = message(error);
    } finally {
      if (ticket === this.ticket) this.loading = false;
    }
  }

  render() {
    const page = this.page;
    return html`<section class="home-preview" aria-busy=${this.loading ? 'true' : 'false'} aria-label=${this.heading}>
      <h3>${this.heading}</h3>
      <p class="status" role="status">${this.loading ? 'Loading…' : page ? `${page.personalized ? 'Personalised' : 'Not personalised'} · ranking configuration "${page.rankingConfig.name}" v${page.rankingConfig.version}` : ''}</p>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      ${page ? page.rows.map((row) => this.renderRow(row)) : ''}
    </section>`;
  }

  renderRow(row) {
    const other = this.reference?.rows.find((r) => r.id === row.id);
    const otherPositions = new Map((other?.items ?? []).map((item) => [item.product.id, item.position]));
    const common = other ? row.items.filter((item) => otherPositions.has(item.product.id)).length : null;
    return html`<section class="home-row" data-row=${row.id} data-kind=${row.kind}>
      <header>
        <h4>${row.title}</h4>
        <p>${label(row.kind)} · ${row.reason}</p>
        ${common !== null ? html`<p class="overlap">${common} of ${row.items.length} also in the other configuration's row</p>` : ''}
      </header>
      <ol class="cards">${row.items.map((item) => this.renderItem(item, this.reference ? otherPositions.get(item.product.id) ?? null : undefined))}</ol>
    </section>`;
  }

  renderItem(item, otherPosition) {
    const p = item.product;
    const image = localImage(p.imageUrl);
    let moved = '';
    if (otherPosition === null) moved = 'not in the other row';
    else if (otherPosition !== undefined && otherPosition !== item.position) moved = `#${otherPosition} in the other row`;
    return html`<li class="card ${this.highlight === p.id ? 'pinned' : ''}" data-product=${p.id}>
      ${image ? html`<img class="visual" src=${image} alt="" width="200" height="200">` : html`<span class="swatch" style=${`background: ${swatch(p.colour)}`} aria-hidden="true"></span>`}
      <span class="title">${item.position}. ${p.title}</span>
      <span class="meta">${p.brand.name} · ${p.colour} · ${money(p.price, p.currency)} · <code>${p.id}</code></span>
      <span class="reason">${item.reason}</span>
      <span>${item.serendipitous ? html`<span class="tag">exploration</span>` : ''}${moved ? html`<span class="tag">${moved}</span>` : ''}</span>
      <dl class="breakdown">
        <div><dt>score</dt><dd><span></span><span>${fixed(item.score, 3)}</span></dd></div>
        ${PARTS.map((part) => html`<div><dt>${part}</dt><dd><span class="bar" aria-hidden="true"><span style=${`width: ${Math.max(0, Math.min(1, Math.abs(item.breakdown[part]))) * 100}%`}></span></span><span>${fixed(item.breakdown[part], 2)}</span></dd></div>`)}
      </dl>
    </li>`;
  }
}
customElements.define('vitrine-home', HomePreview);
