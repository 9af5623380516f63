import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';

const require = createRequire(import.meta.url);
/** A package's folder; looked up on Node's search path because some packages do not export package.json. */
function dirOf(pkg: string): string {
  const dir = (require.resolve.paths(pkg) ?? []).map((base) => path.join(base, pkg)).find((candidate) => fs.existsSync(path.join(candidate, 'package.json')));
  if (!dir) throw new Error(`The dashboard needs the npm package ${pkg}; run npm install.`);
  return dir;
}

/**
 * The npm packages the page imports as ES modules, served straight from node_modules so that
 * installing the gateway is the whole build. Only these folders, and only their .js files (and
 * source maps), are reachable.
 */
const VENDOR = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', 'chart.js', '@kurkle/color'] as const;

const IMPORT_MAP = {
  imports: {
    lit: '/dashboard/vendor/lit/index.js',
    'lit/': '/dashboard/vendor/lit/',
    'lit-html': '/dashboard/vendor/lit-html/lit-html.js',
    'lit-html/': '/dashboard/vendor/lit-html/',
    'lit-element/': '/dashboard/vendor/lit-element/',
    '@lit/reactive-element': '/dashboard/vendor/@lit/reactive-element/reactive-element.js',
    '@lit/reactive-element/': '/dashboard/vendor/@lit/reactive-element/',
    'chart.js': '/dashboard/vendor/chart.js/dist/chart.js',
    '@kurkle/color': '/dashboard/vendor/@kurkle/color/dist/color.esm.js',
  },
};

/** The page's own modules and styles (plain ES modules, no build step): web/dashboard at the package root. */
function appDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // src/server in development, dist/src/server after `tsc`: look upwards for the folder.
  while (!fs.existsSync(path.join(dir, 'web', 'dashboard', 'app.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('web/dashboard/app.js not found above ' + path.dirname(fileURLToPath(import.meta.url)));
    dir = parent;
  }
  return path.join(dir, 'web', 'dashboard');
}

export interface DashboardOptions {
  /**
   * A token the page sends until the user enters another one. Only for the development secret
   * (demo mode): it is printed into a page anyone who reaches the gateway can load.
   */
  token?: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function page(options: DashboardOptions): { html: string; csp: string } {
  const importMap = JSON.stringify(IMPORT_MAP);
  // JSON inside a <script> must not be able to close the tag.
  const settings = JSON.stringify({ token: options.token ?? null }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vitrine · merchandiser workspace</title>
<link rel="stylesheet" href="/dashboard/app/dashboard.css">
<script type="importmap">${importMap}</script>
<script type="application/json" id="vitrine-settings">${settings}</script>
<script type="module" src="/dashboard/app/app.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<vitrine-dashboard></vitrine-dashboard>
<noscript>The merchandiser workspace needs JavaScript.</noscript>
</body>
</html>`;
  // Nothing but this gateway: no CDN, no external image, no beacon can load even by mistake.
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${sha256(importMap)}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
  return { html, csp };
}

const scriptsOnly: RequestHandler = (req, res, next) => {
  if (/\.(js|js\.map)$/.test(req.path) && !req.path.split('/').some((part) => part.startsWith('.'))) return next();
  res.status(404).type('text').send('Not found');
};

/** GET /dashboard: the merchandiser workspace, a page of web components talking to /graphql. */
export function dashboardRouter(options: DashboardOptions = {}): Router {
  const router = express.Router();
  const { html, csp } = page(options);
  const send: RequestHandler = (_req, res) => {
    res.set({ 'content-security-policy': csp, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    res.type('html').send(html);
  };
  router.get('/dashboard', send);
  router.get('/dashboard/', send);
  router.use('/dashboard/app', express.static(appDir(), { maxAge: '5m', fallthrough: false, dotfiles: 'deny' }));
  for (const pkg of VENDOR) {
    router.use(`/dashboard/vendor/${pkg}`, scriptsOnly, express.static(dirOf(pkg), { maxAge: '1d', fallthrough: false, dotfiles: 'deny' }));
  }
  return router;
}
