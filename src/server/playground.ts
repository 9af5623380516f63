import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);
const dirOf = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

/** Browser bundles served from node_modules, so the playground works with no network at all. */
const ASSETS: Record<string, string> = {
  'react.js': path.join(dirOf('react'), 'umd/react.production.min.js'),
  'react-dom.js': path.join(dirOf('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': path.join(dirOf('graphiql'), 'graphiql.min.js'),
  'graphiql.css': path.join(dirOf('graphiql'), 'graphiql.min.css'),
};

export interface PlaygroundTab {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

const EXAMPLES: PlaygroundTab[] = [
  {
    name: 'Home rows',
    query: `# The home page of one shopper in a context: rows of ranked products, each with its score,
# the parts of the score and a reason. Leave userId out for an anonymous visitor; pass
# rankingConfig to preview another saved configuration.
query HomeRows($userId: ID, $context: ContextInput, $rankingConfig: String) {
  homeRows(userId: $userId, rows: 4, itemsPerRow: 8, context: $context, rankingConfig: $rankingConfig) {
    personalized
    rankingConfig { name version }
    rows {
      id kind title reason
      items {
        position score reason serendipitous impressionId
        breakdown { relevance popularity freshness context rules }
        product { id title price currency brand { name } }
      }
    }
  }
}`,
    variables: { userId: 's-00001', context: { device: 'MOBILE', occasion: 'EVENING', season: 'AUTUMN', region: 'Milan', localTime: '20:30' } },
  },
  {
    name: 'Record an interaction',
    query: `# Send back the impressionId of the item the shopper acted on, so the click is attributed.
mutation Record($events: [InteractionInput!]!) {
  recordInteractions(events: $events) { accepted duplicates createdShoppers }
}`,
    variables: { events: [{ userId: 's-00001', productId: 'p-00001', type: 'CLICK', context: { device: 'MOBILE', occasion: 'EVENING', localTime: '19:30' } }] },
  },
  {
    name: 'Create a collection',
    query: `# Editorial collections list their members in order; rule-based ones take a rule instead:
# { "when": { "occasions": ["EVENING"] }, "match": { "categories": ["clutch"] } }.
mutation CreateCollection($input: CollectionInput!) {
  upsertCollection(input: $input) { id slug title kind products(first: 10) { id title } }
}`,
    variables: { input: { slug: 'the-evening-edit', title: 'The evening edit', kind: 'EDITORIAL', members: ['p-00001', 'p-00002', 'p-00003'] } },
  },
  {
    name: 'Pin a product',
    query: `# A PIN rule holds a product at a slot of the rows in its scope, from the next request on.
# Pins inside one collection: setCollectionEntry(collection: "the-evening-edit", productId: "p-00042", role: PIN, position: 1).
mutation Pin($input: MerchandisingRuleInput!) {
  saveMerchandisingRule(input: $input) { id name rule active }
}`,
    variables: { input: { name: 'Hero of the week', rule: { type: 'PIN', productId: 'p-00042', position: 1, scope: { rowKinds: ['TOP_PICKS'] } } } },
  },
  {
    name: 'Start an experiment',
    query: `# Run CreateExperiment, put its id into the variables, then run StartExperiment.
# The first variant is the control; shares add up to 1.
mutation CreateExperiment($input: ExperimentInput!) {
  createExperiment(input: $input) { id name status variants { key share } }
}

mutation StartExperiment($id: ID!) {
  startExperiment(id: $id) { id status startedAt }
}`,
    variables: {
      input: {
        name: 'Bandit row order',
        variants: [
          { key: 'control', share: 0.5 },
          { key: 'bandit-rows', share: 0.5, treatment: { bandit: { rowOrder: true } } },
        ],
      },
      id: 'paste the id here',
    },
  },
  {
    name: 'Products page',
    query: `# A page of the catalog with brands, filtered; pass pageInfo.endCursor as $after for the next page.
query ProductsPage($first: Int, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id title price currency colour category inStock brand { name } }
  }
}`,
    variables: { first: 10, filter: { inStock: true, maxPrice: 3000 } },
  },
  {
    name: 'Shopper',
    query: `query Shopper($id: ID!) {
  user(id: $id) {
    id region
    preferences { favouriteBrands favouriteCategories priceBand { min max currency } }
    consent { personalization purchaseHistory aspirationalBrowsing }
    recentInteractions(first: 10) { type occurredAt context { device occasion } product { title brand { name } } }
  }
}`,
    variables: { id: 's-00001' },
  },
  {
    name: 'Models and coverage',
    query: `# Trained model versions (the serving one is active) and how much of the catalog was shown.
query Insights {
  modelVersions(first: 5) { id status active backend metrics createdAt activatedAt }
  catalogExposure(days: 30) { catalogSize productsShown coverage gini topShare impressions }
}`,
  },
];

export interface PlaygroundOptions {
  /** A bearer token filled into the headers editor (demo mode only: the page is public). */
  token?: string;
}

function page(tabs: PlaygroundTab[], options: PlaygroundOptions): string {
  const headers = JSON.stringify(options.token ? { Authorization: `Bearer ${options.token}` } : {}, null, 2);
  // JSON inside a <script> must not be able to close the tag.
  const json = JSON.stringify(tabs.map((t) => ({ query: t.query, variables: JSON.stringify(t.variables ?? {}, null, 2), headers }))).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vitrine · GraphQL playground</title>
<link rel="stylesheet" href="/graphql/assets/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql" role="main">Loading the playground…</div>
<script src="/graphql/assets/react.js"></script>
<script src="/graphql/assets/react-dom.js"></script>
<script src="/graphql/assets/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, defaultHeaders: ${JSON.stringify(headers)}, defaultTabs: ${json} }));
</script>
</body>
</html>`;
}

/** GET /graphql from a browser shows GraphiQL; other requests fall through to the API. */
export function playgroundRouter(options: PlaygroundOptions = {}): Router {
  const router = express.Router();
  const html = page(EXAMPLES, options);
  router.get('/graphql/assets/:name', (req, res, next) => {
    const file = ASSETS[req.params.name];
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d' });
  });
  router.get('/graphql', (req, res, next) => {
    const wantsPage = req.accepts(['application/json', 'text/html']) === 'text/html' && req.query.query === undefined;
    if (!wantsPage) return next();
    res.type('html').send(html);
  });
  return router;
}
