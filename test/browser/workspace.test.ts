import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createGateway, listen, type Gateway } from '../../src/gateway.js';
import { seedDemo } from '../../src/seed/run.js';
import { launchBrowser, type GuardedBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Callbacks passed to page.evaluate run in the page, where the DOM exists; this project's types are Node's.
declare const document: any;
declare function getComputedStyle(element: unknown): { outlineStyle: string; backgroundColor: string };

/**
 * The playground and the merchandiser workspace in a real (headless) Chromium against a real
 * gateway on a small seeded catalog with product images. Every test fails on a console error,
 * an HTTP error response or any request that leaves this machine.
 */
describe('merchandiser workspace in a browser', () => {
  let db: TestDatabase;
  let dataDir: string;
  let gateway: Gateway;
  let server: Awaited<ReturnType<typeof listen>>;
  let browser: GuardedBrowser;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'vitrine-browser-'));
    db = await createTestDatabase();
    await seedDemo(db.prisma, { seed: 7, now: new Date('2026-11-01T12:00:00Z'), scale: { products: 120, shoppers: 30, interactions: 3_000 }, imagesDir: path.join(dataDir, 'images') });
    const config = loadConfig({ VITRINE_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', VITRINE_MODEL_POLL_MS: '0' });
    gateway = await createGateway(config, db);
    server = await listen(gateway);
    browser = await launchBrowser();
  });

  afterEach(() => {
    const problems = browser.problems.splice(0);
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await gateway?.stop();
    await db?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const open = async (route: string, viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await browser.page(viewport);
    await page.goto(`${server.url}${route}`);
    return page;
  };

  /** The product ids of one row of a preview, in order. */
  const rowProducts = (page: Page, preview: string, rowKind: string) =>
    page.locator(`${preview} .home-row[data-kind="${rowKind}"] .card`).evaluateAll((cards) => cards.map((c) => (c as unknown as { dataset: Record<string, string | undefined> }).dataset.product ?? null));

  it('runs an example query in the playground with the demo token filled in', async () => {
    const page = await open('/graphql');
    await page.locator('.graphiql-container').waitFor();
    await page.getByRole('button', { name: 'Headers' }).click();
    await expect.poll(() => page.locator('.graphiql-editor-tool').innerText()).toContain('Bearer ');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 30_000 }).toContain('"personalized"');
    const result = await page.locator('.result-window').innerText();
    expect(result).toContain('"rows"');
    expect(result).not.toContain('"errors"');
    await browser.screenshot(page, 'playground');
    await page.close();
  });

  it('previews a shopper in a context with images, score breakdowns and reasons', async () => {
    const page = await open('/dashboard');
    const cards = page.locator('#preview-a .card');
    await cards.first().waitFor();
    const first = cards.first();
    await expect.poll(() => first.locator('dl.breakdown').innerText()).toMatch(/relevance[\s\S]*popularity[\s\S]*freshness[\s\S]*context[\s\S]*rules/);
    expect((await first.locator('.reason').innerText()).length).toBeGreaterThan(3);
    // Product pictures come from the gateway and load.
    await expect.poll(() => first.locator('img.visual').evaluate((img: any) => img.complete && img.naturalWidth > 0)).toBe(true);

    // A context change fetches the page again for that context.
    const shopper = await page.getByLabel('Shopper id (empty: anonymous)').first().inputValue();
    expect(shopper).toMatch(/^s-/);
    await page.getByLabel('Occasion').first().selectOption('EVENING');
    await page.getByLabel('Device').first().selectOption('DESKTOP');
    await expect.poll(() => page.locator('#preview-a .status').innerText()).toContain('ranking configuration "default"');
    await browser.screenshot(page, 'dashboard-preview');
    await page.close();
  });

  it('compares two ranking configurations side by side', async () => {
    const t = gateway.context();
    await t.merchandising.saveRankingConfig('fresh-first', { weights: { relevance: 0.1, popularity: 0.1, freshness: 0.7, context: 0.1 } }, null);
    const page = await open('/dashboard');
    await page.locator('#preview-a .card').first().waitFor();
    await page.getByLabel('Compare with').selectOption('fresh-first');
    await page.locator('#preview-b .card').first().waitFor();
    await expect.poll(() => page.locator('#preview-b .status').innerText()).toContain('"fresh-first"');
    await expect.poll(() => page.locator('#preview-a .overlap').count()).toBeGreaterThan(0);
    await browser.screenshot(page, 'dashboard-compare');
    await page.close();
  });

  it('pins a product with a rule and shows it at once in the preview', async () => {
    const page = await open('/dashboard#merchandising');
    const preview = '#merch-preview';
    await page.locator(`${preview} .card`).first().waitFor();
    const rowKind = (await page.locator(`${preview} .home-row`).first().getAttribute('data-kind'))!;
    const before = await rowProducts(page, preview, rowKind);
    expect(before.length).toBeGreaterThan(2);
    const chosen = before.at(-1)!;
    expect(before[0]).not.toBe(chosen);

    await page.getByLabel('Name').fill('Hero of the test');
    await page.getByLabel('Rule', { exact: true }).selectOption('PIN');
    await page.getByLabel('Product id').first().fill(chosen);
    await page.getByLabel('Slot').fill('1');
    await page.getByLabel('Rows', { exact: true }).last().selectOption(rowKind);
    await page.getByRole('button', { name: 'Save rule' }).click();

    await expect.poll(() => rowProducts(page, preview, rowKind).then((ids) => ids[0])).toBe(chosen);
    await expect.poll(() => page.locator(`${preview} .card.pinned`).getAttribute('data-product')).toBe(chosen);
    await expect.poll(() => page.getByRole('list', { name: 'Saved rules' }).innerText()).toContain('Hero of the test');
    await browser.screenshot(page, 'dashboard-pinned');
    await page.close();
  });

  it('creates a collection, adds, pins and reorders its products', async () => {
    const page = await open('/dashboard#merchandising');
    await page.getByText('New editorial collection').click();
    await page.getByLabel('Slug').fill('browser-edit');
    await page.getByLabel('Title').fill('The browser edit');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.locator('#collection-pick').inputValue()).toBe('browser-edit');
    for (const id of ['p-00001', 'p-00002', 'p-00003']) {
      await page.locator('#entry-product').fill(id);
      await page.locator('#entry-role').selectOption('MEMBER');
      await page.getByRole('button', { name: 'Add to The browser edit' }).click();
      await expect.poll(() => page.getByRole('list', { name: 'Members of The browser edit' }).innerText()).toContain(id);
    }
    const members = () => page.getByRole('list', { name: 'Members of The browser edit' }).locator('code').allInnerTexts();
    await expect.poll(members).toEqual(['p-00001', 'p-00002', 'p-00003']);
    const item = page.getByRole('list', { name: 'Members of The browser edit' }).locator('li', { has: page.locator('code', { hasText: 'p-00003' }) });
    await item.getByRole('button', { name: /^Move .* up$/ }).click();
    await expect.poll(members).toEqual(['p-00001', 'p-00003', 'p-00002']);

    await page.locator('#entry-product').fill('p-00004');
    await page.locator('#entry-role').selectOption('PIN');
    await page.locator('#entry-position').fill('1');
    await page.getByRole('button', { name: 'Add to The browser edit' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Pins of The browser edit' }).innerText()).toContain('Slot 1');
    await browser.screenshot(page, 'dashboard-collection');
    await page.close();
  });

  it('creates, starts and stops an experiment and shows its results', async () => {
    const page = await open('/dashboard#experiments');
    await page.getByLabel('Name', { exact: true }).fill('Browser test experiment');
    await page.getByRole('button', { name: 'Create draft' }).click();
    const row = page.getByRole('row', { name: /Browser test experiment/ });
    await expect.poll(() => row.innerText()).toContain('DRAFT');
    await page.getByRole('button', { name: 'Start Browser test experiment' }).click();
    await expect.poll(() => row.innerText()).toContain('RUNNING');

    // Shoppers see pages under the experiment and click the first item of each.
    const run = async (query: string, variables: Record<string, unknown>) => {
      const response = await gateway.apollo.executeOperation({ query, variables }, { contextValue: gateway.context({ role: 'ADMIN', subject: 'browser-test' }) });
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(JSON.stringify(response.body));
      return response.body.singleResult.data as any;
    };
    for (let i = 1; i <= 20; i++) {
      const userId = `s-${String(i).padStart(5, '0')}`;
      const { homeRows } = await run('query($u: ID) { homeRows(userId: $u, rows: 2, itemsPerRow: 5) { rows { items { impressionId product { id } } } } }', { u: userId });
      const [item] = homeRows.rows[0].items;
      await run('mutation($e: [InteractionInput!]!) { recordInteractions(events: $e) { accepted } }', { e: [{ userId, productId: item.product.id, type: 'CLICK', impressionId: item.impressionId }] });
    }
    await gateway.feedback.flush();

    await page.getByRole('button', { name: 'Results of Browser test experiment' }).click();
    await expect.poll(() => page.locator('#results-heading').innerText()).toContain('Browser test experiment');
    await expect.poll(() => page.locator('vitrine-chart canvas').count()).toBe(2);
    const results = page.getByRole('table', { name: /Per-variant results/ });
    const clicks = await results.locator('tbody tr').evaluateAll((rows) => rows.map((r: any) => Number(r.children[3].textContent.replace(/,/g, ''))));
    expect(clicks.reduce((a, b) => a + b, 0)).toBe(20);
    // Each variant's daily click-through rate comes with its interval.
    await page.getByText('Data table').first().click();
    await expect.poll(() => page.locator('vitrine-chart').first().locator('tbody').innerText()).toMatch(/%\s*\[[\d.]+ %–[\d.]+ %\]/);
    await page.getByRole('button', { name: 'Stop Browser test experiment for good' }).click();
    await expect.poll(() => row.innerText()).toContain('ENDED');
    await browser.screenshot(page, 'dashboard-experiments');
    await page.close();
  });

  it('shows model versions and catalog coverage charts', async () => {
    const version = await gateway.repos.models.register({
      config: {},
      dataSnapshot: {},
      metrics: { validation: { k: 10, recall: 0.12, ndcg: 0.08, hitRate: 0.3 }, bestEpoch: 2, epochs: [{ epoch: 1, loss: 3.2, ndcg: 0.05 }, { epoch: 2, loss: 2.9, ndcg: 0.08 }] },
      backend: 'wasm',
      durationMs: 5000,
      artifactDir: path.join(dataDir, 'models', 'none'),
    });
    await gateway.repos.models.markActive(version.id);
    const models = await open('/dashboard#models');
    await expect.poll(() => models.locator('table').first().innerText()).toContain('0.1200');
    expect(await models.getByText(`Serving version ${version.id}`).count()).toBe(1);
    // Metrics per version, and the serving version's training curve.
    await expect.poll(() => models.locator('vitrine-chart canvas').count()).toBe(2);
    await browser.screenshot(models, 'dashboard-models');
    await models.close();

    const coverage = await open('/dashboard#coverage');
    await expect.poll(() => coverage.locator('.tiles').innerText()).toContain('Catalog shown');
    await expect.poll(() => coverage.locator('vitrine-chart canvas').count()).toBe(3);
    await browser.screenshot(coverage, 'dashboard-coverage');
    await coverage.close();
  });

  it('reaches the main controls with the keyboard alone', async () => {
    const page = await open('/dashboard');
    await page.locator('#preview-a .card').first().waitFor();
    const reached: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          if (!el) return '';
          const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
          return `${el.tagName.toLowerCase()}:${(labelled ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}`;
        }),
      );
    }
    for (const control of ['a:Skip to content', 'a:Preview', 'a:Merchandising', 'a:Experiments', 'a:Models', 'a:Coverage', 'input:Shopper id (empty: anonymous)', 'select:Device', 'select:Occasion', 'input:Local time', 'select:Configuration', 'select:Compare with']) {
      expect(reached).toContain(control);
    }
    // Following a section link with Enter moves focus to that section's heading.
    await page.getByRole('link', { name: 'Merchandising' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('merchandising-heading');
    // The focused control is visibly outlined.
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.close();
  });

  /** Text whose contrast with its background is below WCAG AA (4.5:1, or 3:1 for large text). */
  const lowContrast = (page: Page) =>
    page.evaluate(() => {
      const rgba = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number).concat(1).slice(0, 4);
      const luminance = ([r, g, b]: number[]) => {
        const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      const background = (el: any): number[] => {
        for (let node = el; node; node = node.parentElement) {
          const colour = rgba(getComputedStyle(node).backgroundColor);
          if (colour[3] > 0) return colour;
        }
        return [255, 255, 255, 1];
      };
      const problems: string[] = [];
      for (const el of document.querySelectorAll('body *') as any[]) {
        const text = [...el.childNodes].filter((n: any) => n.nodeType === 3).map((n: any) => n.textContent.trim()).join('');
        if (!text || !el.getClientRects().length || el.closest('[disabled], noscript, .skip-link')) continue;
        const style = getComputedStyle(el) as any;
        const [fg, bg] = [luminance(rgba(style.color)), luminance(background(el))];
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) problems.push(`${el.tagName.toLowerCase()}.${el.className} "${text.slice(0, 30)}": ${ratio.toFixed(2)}:1`);
      }
      return problems;
    });

  it('fits a narrow screen without horizontal scrolling, with readable contrast everywhere', async () => {
    for (const section of ['preview', 'merchandising', 'experiments', 'models', 'coverage']) {
      const page = await open(`/dashboard#${section}`, { width: 360, height: 780 });
      await page.locator(`#${section}-heading`).waitFor();
      if (section === 'preview' || section === 'merchandising') await page.locator('.card').first().waitFor();
      await page.waitForLoadState('networkidle');
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // The innermost elements sticking out, to name the culprit when this fails.
        const wide = [...document.querySelectorAll('body *')]
          .filter((el: any) => el.getBoundingClientRect().right > width + 0.5 && ![...el.children].some((c: any) => c.getBoundingClientRect().right > width + 0.5))
          .slice(0, 5)
          .map((el: any) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
        return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide };
      });
      expect(scrollWidth, `${section}: ${wide.join(', ')}`).toBeLessThanOrEqual(clientWidth);
      expect(await lowContrast(page), section).toEqual([]);
      if (section === 'preview') {
        // The probe itself notices faint text.
        await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<p style="color: #aaa">faint</p>'));
        expect(await lowContrast(page)).toEqual([expect.stringContaining('"faint"')]);
      }
      await browser.screenshot(page, `dashboard-narrow-${section}`);
      await page.close();
    }
  });
});
