import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi/document.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * /docs in a real browser: Debian's Chromium (`apt-get install chromium`), never a
 * downloaded one. Where it is not installed the smoke test cannot run and says so; the
 * page's offline checks in openapi.test.ts run everywhere.
 */
const CHROMIUM = process.env.CONCORD_TEST_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`skipping the /docs browser smoke test: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!available)('/docs in Chromium', () => {
  let api: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    api = await startTestServer({ env: { CONCORD_READS_REQUIRE_KEY: 'true' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('renders every operation of the document from this server alone, with no policy violation or script error', async () => {
    const page = await browser.newPage();
    const origin = new URL(api.server.url).origin;
    const elsewhere: string[] = [];
    const errors: string[] = [];
    // Offline: anything not from this server is refused and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${api.server.url}/docs`);
    await page.waitForSelector('.opblock', { timeout: 30_000 });

    const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.info .title').innerText()).toContain('Concord API');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
