import { html } from 'lit';
import { gql } from './api.js';
import './home.js';
import { label, LightElement, message, ROW_KINDS } from './ui.js';

const RULES = `{ merchandisingRules { id name active rule } }`;
const SAVE_RULE = `mutation DashboardSaveRule($input: MerchandisingRuleInput!) { saveMerchandisingRule(input: $input) { id name } }`;
const DELETE_RULE = `mutation DashboardDeleteRule($id: ID!) { deleteMerchandisingRule(id: $id) }`;
const COLLECTIONS = `{ collections { slug title kind active } }`;
const COLLECTION = `query DashboardCollection($slug: String!) {
  collection(slug: $slug) {
    slug title kind description active position startsAt endsAt
    products(first: 100) { id title }
    pins { position product { id title } }
    exclusions { id title }
  }
}`;
const UPSERT_COLLECTION = `mutation DashboardUpsertCollection($input: CollectionInput!) { upsertCollection(input: $input) { slug } }`;
const SET_ENTRY = `mutation DashboardSetEntry($collection: String!, $productId: ID!, $role: CollectionEntryRole!, $position: Int) {
  setCollectionEntry(collection: $collection, productId: $productId, role: $role, position: $position) { slug }
}`;
const REMOVE_ENTRY = `mutation DashboardRemoveEntry($collection: String!, $productId: ID!) { removeCollectionEntry(collection: $collection, productId: $productId) { slug } }`;

/** What a stored rule does, in a few words. */
function describe(rule) {
  const scope = rule.scope?.rowKinds?.length ? ` in ${rule.scope.rowKinds.map(label).join(', ')}` : '';
  const target = rule.productId ?? rule.select?.productIds?.join(', ') ?? JSON.stringify(rule.select ?? {});
  switch (rule.type) {
    case 'PIN': return `Pin ${target} at slot ${rule.position}${scope}`;
    case 'EXCLUDE': return `Exclude ${target}${scope}`;
    case 'BOOST': return `Boost ${target} by ${rule.amount}${scope}`;
    case 'BURY': return `Bury ${target} by ${rule.amount}${scope}`;
    default: return `${label(rule.type)} ${JSON.stringify(rule)}`;
  }
}

/**
 * Rules and collections, each change followed by a fresh preview of the page under the same
 * context, so a merchandiser sees its effect at once.
 */
export class MerchandisingPage extends LightElement {
  static properties = {
    request: { attribute: false },
    shoppers: { attribute: false },
    regions: { attribute: false },
    rules: { state: true },
    collections: { state: true },
    collection: { state: true },
    productIds: { state: true },
    status: { state: true },
    error: { state: true },
    highlight: { state: true },
    ruleType: { state: true },
  };

  constructor() {
    super();
    this.rules = [];
    this.collections = [];
    this.productIds = [];
    this.ruleType = 'PIN';
  }

  connectedCallback() {
    super.connectedCallback();
    this.refresh();
  }

  async refresh() {
    try {
      const [{ merchandisingRules }, { collections }] = await Promise.all([gql(RULES), gql(COLLECTIONS)]);
      this.rules = merchandisingRules;
      this.collections = collections;
      if (this.collection) await this.openCollection(this.collection.slug);
    } catch (error) {
      this.error = message(error);
    }
  }

  /** Runs a change, reports it, then reloads the lists and the preview. */
  async act(description, change) {
    this.status = '';
    this.error = '';
    try {
      await change();
      this.status = `${description}. Preview updated.`;
      await this.refresh();
      await this.querySelector('vitrine-home')?.load();
    } catch (error) {
      this.error = message(error);
    }
  }

  async openCollection(slug) {
    if (!slug) {
      this.collection = null;
      return;
    }
    const { collection } = await gql(COLLECTION, { slug });
    this.collection = collection;
  }

  saveRule(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const type = form.get('type');
    const productId = String(form.get('productId')).trim();
    const rowKind = form.get('rowKind');
    const scope = rowKind ? { rowKinds: [rowKind] } : undefined;
    const rule =
      type === 'PIN'
        ? { type, productId, position: Number(form.get('position')), scope }
        : type === 'EXCLUDE'
          ? { type, select: { productIds: [productId] }, scope }
          : { type, select: { productIds: [productId] }, amount: Number(form.get('amount')), scope };
    const name = String(form.get('name')).trim() || describe(rule);
    return this.act(`Saved rule "${name}"`, async () => {
      await gql(SAVE_RULE, { input: { name, rule } });
      this.highlight = type === 'PIN' || type === 'BOOST' ? productId : null;
    });
  }

  collectionInput(c, members) {
    return { slug: c.slug, title: c.title, kind: c.kind, description: c.description, active: c.active, position: c.position, startsAt: c.startsAt, endsAt: c.endsAt, members };
  }

  members() {
    const pinned = new Set(this.collection.pins.map((p) => p.product.id));
    return this.collection.products.filter((p) => !pinned.has(p.id));
  }

  move(index, by) {
    const members = this.members().map((p) => p.id);
    const [id] = members.splice(index, 1);
    members.splice(index + by, 0, id);
    return this.act(`Moved ${id} ${by < 0 ? 'up' : 'down'}`, () => gql(UPSERT_COLLECTION, { input: this.collectionInput(this.collection, members) }));
  }

  addEntry(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const productId = String(form.get('productId')).trim();
    const role = form.get('role');
    const position = form.get('position') ? Number(form.get('position')) : null;
    return this.act(`${label(role)} ${productId} in ${this.collection.slug}`, () => gql(SET_ENTRY, { collection: this.collection.slug, productId, role, position }));
  }

  createCollection(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const slug = String(form.get('slug')).trim();
    return this.act(`Created collection ${slug}`, async () => {
      await gql(UPSERT_COLLECTION, { input: { slug, title: String(form.get('title')).trim(), kind: 'EDITORIAL', members: [] } });
      await this.openCollection(slug);
    });
  }

  remove(productId) {
    return this.act(`Removed ${productId} from ${this.collection.slug}`, () => gql(REMOVE_ENTRY, { collection: this.collection.slug, productId }));
  }

  render() {
    return html`<h2 id="merchandising-heading" tabindex="-1">Merchandising</h2>
      <p>Pin, exclude, boost or bury products and arrange collections; the preview shows the result at once.</p>
      <vitrine-context-form .request=${this.request} .shoppers=${this.shoppers} .regions=${this.regions}></vitrine-context-form>
      <p class="status ok" role="status">${this.status}</p>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      <div class="split">
        <div>
          ${this.renderRules()}
          ${this.renderCollections()}
        </div>
        <div class="panel">
          <vitrine-home id="merch-preview" heading="Preview" .request=${this.request} highlight=${this.highlight ?? ''}
            @page-loaded=${(e) => { this.productIds = e.detail.rows.flatMap((r) => r.items.map((i) => i.product.id)); }}></vitrine-home>
        </div>
      </div>
      <datalist id="merch-products">${[...new Set(this.productIds)].map((id) => html`<option value=${id}></option>`)}</datalist>`;
  }

  renderRules() {
    const t = this.ruleType;
    return html`<section aria-labelledby="rules-heading">
      <h3 id="rules-heading">Rules</h3>
      <form class="controls" id="rule-form" @submit=${(e) => this.saveRule(e)}>
        <div class="field"><label for="rule-name">Name</label><input id="rule-name" name="name" placeholder="e.g. Hero of the week"></div>
        <div class="field"><label for="rule-type">Rule</label>
          <select id="rule-type" name="type" @change=${(e) => (this.ruleType = e.target.value)}>
            ${['PIN', 'EXCLUDE', 'BOOST', 'BURY'].map((v) => html`<option value=${v} ?selected=${t === v}>${label(v)}</option>`)}
          </select></div>
        <div class="field"><label for="rule-product">Product id</label><input id="rule-product" name="productId" list="merch-products" required autocomplete="off"></div>
        ${t === 'PIN' ? html`<div class="field"><label for="rule-position">Slot</label><input id="rule-position" name="position" type="number" min="1" max="100" value="1" required></div>` : ''}
        ${t === 'BOOST' || t === 'BURY' ? html`<div class="field"><label for="rule-amount">Amount (0–1)</label><input id="rule-amount" name="amount" type="number" min="0.01" max="1" step="0.01" value="0.2" required></div>` : ''}
        <div class="field"><label for="rule-scope">Rows</label>
          <select id="rule-scope" name="rowKind"><option value="">All rows</option>${ROW_KINDS.map((k) => html`<option value=${k}>${label(k)}</option>`)}</select></div>
        <button type="submit" id="rule-save">Save rule</button>
      </form>
      <ul class="plain" aria-label="Saved rules">
        ${this.rules.length === 0 ? html`<li>No rules yet.</li>` : ''}
        ${this.rules.map((r) => html`<li>
          <span><strong>${r.name}</strong> — ${describe(r.rule)}${r.active ? '' : ' (inactive)'}</span>
          <button class="danger small" @click=${() => this.act(`Deleted rule "${r.name}"`, () => gql(DELETE_RULE, { id: r.id }))} aria-label=${`Delete rule ${r.name}`}>Delete</button>
        </li>`)}
      </ul>
    </section>`;
  }

  renderCollections() {
    const c = this.collection;
    return html`<section aria-labelledby="collections-heading">
      <h3 id="collections-heading">Collections</h3>
      <form class="controls">
        <div class="field"><label for="collection-pick">Collection</label>
          <select id="collection-pick" @change=${(e) => this.openCollection(e.target.value).catch((error) => (this.error = message(error)))}>
            <option value="">Choose a collection…</option>
            ${this.collections.map((x) => html`<option value=${x.slug} ?selected=${c?.slug === x.slug}>${x.title} (${label(x.kind)}${x.active ? '' : ', inactive'})</option>`)}
          </select></div>
      </form>
      ${c ? this.renderCollection(c) : ''}
      <details>
        <summary>New editorial collection</summary>
        <form class="controls" @submit=${(e) => this.createCollection(e)}>
          <div class="field"><label for="new-slug">Slug</label><input id="new-slug" name="slug" required pattern="[a-z0-9][a-z0-9\\-]*" placeholder="evening-edit"></div>
          <div class="field"><label for="new-title">Title</label><input id="new-title" name="title" required placeholder="The evening edit"></div>
          <button type="submit">Create</button>
        </form>
      </details>
    </section>`;
  }

  renderCollection(c) {
    const members = this.members();
    const editorial = c.kind === 'EDITORIAL';
    return html`<h4>${c.title}</h4>
      ${editorial
        ? html`<p>Members in order:</p>
          <ol class="entries" aria-label=${`Members of ${c.title}`}>
            ${members.length === 0 ? html`<li>No members.</li>` : ''}
            ${members.map((p, i) => html`<li>${p.title} <code>${p.id}</code>
              <span class="actions">
                <button class="secondary small" ?disabled=${i === 0} @click=${() => this.move(i, -1)} aria-label=${`Move ${p.title} up`}>Up</button>
                <button class="secondary small" ?disabled=${i === members.length - 1} @click=${() => this.move(i, 1)} aria-label=${`Move ${p.title} down`}>Down</button>
                <button class="danger small" @click=${() => this.remove(p.id)} aria-label=${`Remove ${p.title}`}>Remove</button>
              </span></li>`)}
          </ol>`
        : html`<p>Rule-based: filled by ranking; pins and exclusions still apply.</p>`}
      <p>Pins:</p>
      <ul class="plain" aria-label=${`Pins of ${c.title}`}>
        ${c.pins.length === 0 ? html`<li>No pins.</li>` : ''}
        ${c.pins.map((pin) => html`<li><span>Slot ${pin.position}: ${pin.product.title} <code>${pin.product.id}</code></span>
          <button class="danger small" @click=${() => this.remove(pin.product.id)} aria-label=${`Unpin ${pin.product.title}`}>Unpin</button></li>`)}
      </ul>
      <p>Excluded:</p>
      <ul class="plain" aria-label=${`Exclusions of ${c.title}`}>
        ${c.exclusions.length === 0 ? html`<li>None.</li>` : ''}
        ${c.exclusions.map((p) => html`<li><span>${p.title} <code>${p.id}</code></span>
          <button class="danger small" @click=${() => this.remove(p.id)} aria-label=${`Include ${p.title} again`}>Include again</button></li>`)}
      </ul>
      <form class="controls" @submit=${(e) => this.addEntry(e)}>
        <div class="field"><label for="entry-product">Product id</label><input id="entry-product" name="productId" list="merch-products" required autocomplete="off"></div>
        <div class="field"><label for="entry-role">As</label>
          <select id="entry-role" name="role">${(editorial ? ['MEMBER', 'PIN', 'EXCLUSION'] : ['PIN', 'EXCLUSION']).map((r) => html`<option value=${r}>${label(r)}</option>`)}</select></div>
        <div class="field"><label for="entry-position">Slot / order</label><input id="entry-position" name="position" type="number" min="1" max="100"></div>
        <button type="submit">Add to ${c.title}</button>
      </form>`;
  }
}
customElements.define('vitrine-merchandising-page', MerchandisingPage);
