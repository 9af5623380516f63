import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtVerify } from 'jose';
import { DEVELOPMENT_SECRET } from '../../src/auth/tokens.js';
import { listen } from '../../src/gateway.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const settingsOf = (html: string) => JSON.parse(/<script type="application\/json" id="vitrine-settings">(.*?)<\/script>/s.exec(html)![1]);
const importMapOf = (html: string) => JSON.parse(/<script type="importmap">(.*?)<\/script>/s.exec(html)![1]) as { imports: Record<string, string> };

describe('dashboard and playground pages', () => {
  describe('in demo mode (development secret)', () => {
    let t: TestGateway;
    let server: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      t = await createTestGateway({ env: { PORT: '0' } });
      server = await listen(t.gateway);
    });
    afterAll(async () => {
      await server.close();
      await t.close();
    });
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });

    it('serves the workspace with a policy that allows this origin only', async () => {
      const response = await get('/dashboard');
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
      const html = await response.text();
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).toContain('<vitrine-dashboard>');
    });

    it('fills in a development MERCHANDISER token on the dashboard and an ADMIN one in the playground', async () => {
      const { token } = settingsOf(await (await get('/dashboard')).text());
      const { payload } = await jwtVerify(token, new TextEncoder().encode(DEVELOPMENT_SECRET));
      expect(payload.role).toBe('MERCHANDISER');
      const playground = await (await get('/graphql')).text();
      const bearer = /"Authorization\\*": \\*"Bearer ([^"\\]+)/.exec(playground)![1];
      expect((await jwtVerify(bearer, new TextEncoder().encode(DEVELOPMENT_SECRET))).payload.role).toBe('ADMIN');
    });

    it('serves every module of the import map, and the page\'s own modules, from this gateway', async () => {
      const html = await (await get('/dashboard')).text();
      const entries = Object.entries(importMapOf(html).imports).filter(([name]) => !name.endsWith('/'));
      expect(entries.map(([name]) => name).sort()).toEqual(['@kurkle/color', '@lit/reactive-element', 'chart.js', 'lit', 'lit-html']);
      for (const url of [...entries.map(([, url]) => url), '/dashboard/app/app.js', '/dashboard/app/dashboard.css', '/dashboard/vendor/lit/directives/repeat.js']) {
        const response = await get(url);
        expect(response.status, url).toBe(200);
        expect(response.headers.get('content-type'), url).toMatch(/javascript|css/);
      }
    });

    it('serves only script files of whitelisted packages from node_modules', async () => {
      for (const path of ['/dashboard/vendor/lit/package.json', '/dashboard/vendor/react/index.js', '/dashboard/vendor/lit/%2e%2e/%2e%2e/package.json', '/dashboard/app/../../package.json']) {
        const response = await get(path);
        expect(response.status, path).toBe(404);
      }
    });
  });

  it('fills in no token when the gateway has a secret of its own', async () => {
    const t = await createTestGateway({ env: { PORT: '0', VITRINE_AUTH_SECRET: 'a-secret-of-our-own-that-is-long-enough-1234' } });
    const server = await listen(t.gateway);
    try {
      const dashboard = await (await fetch(`${server.url}/dashboard`)).text();
      expect(settingsOf(dashboard)).toEqual({ token: null });
      const playground = await (await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } })).text();
      expect(playground).not.toContain('Bearer');
    } finally {
      await server.close();
      await t.close();
    }
  });
});
