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
    name: 'Record an interaction',
    query: `mutation Record($events: [InteractionInput!]!) {
  recordInteractions(events: $events) { accepted duplicates createdShoppers }
}`,
    variables: { events: [{ userId: 's-00001', productId: 'p-00001', type: 'CLICK', context: { device: 'MOBILE', occasion: 'EVENING', localTime: '19:30' } }] },
  },
];

function page(tabs: PlaygroundTab[]): string {
  // JSON inside a <script> must not be able to close the tag.
  const json = JSON.stringify(tabs.map((t) => ({ query: t.query, variables: JSON.stringify(t.variables ?? {}, null, 2) }))).replace(/</g, '\\u003c');
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
  root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true, defaultTabs: ${json} }));
</script>
</body>
</html>`;
}

/** GET /graphql from a browser shows GraphiQL; other requests fall through to the API. */
export function playgroundRouter(): Router {
  const router = express.Router();
  const html = page(EXAMPLES);
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
