import type { Browser } from 'playwright-core';
import { chinaToday } from '../../common/china-day';
import { describeInBrowser, imageStats, launchChromium, openRecordedPage, saveScreenshot, type RecordedPage } from '../helpers/browser';
import { startIntelStack, type IntelStack } from '../helpers/intel-stack';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys } from '../helpers/test-keys';

describeInBrowser('the joint-conference report page, in Debian Chromium', () => {
  let data: SeededDataDir;
  let stack: IntelStack;
  let browser: Browser;
  let session: RecordedPage;
  let url: string;

  beforeAll(async () => {
    data = seededDataDir(300, 2019);
    // Alerts raised two days ago fall inside a period ending yesterday.
    stack = await startIntelStack(data.dataDir, await createTestKeys(), {}, { now: () => new Date(Date.now() - 2 * 86_400_000) });
    await stack.intel.riskEngine.runFull();
    browser = await launchChromium();
    session = await openRecordedPage(browser, stack.origin, { width: 1400, height: 1000 });
    // The page is behind the joint conference's token, as its own browser would present it.
    await session.context.setExtraHTTPHeaders({ authorization: `Bearer ${await stack.tokenOf('joint-conference')}` });
    const yesterday = new Date(Date.parse(`${chinaToday(new Date())}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    url = `${stack.origin}/reports/joint-conference.html?region=440000&from=2023-01-01&to=${yesterday}`;
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await stack?.close();
    data?.remove();
  });

  it('renders the province, draws its four charts, logs no error and fetches nothing from elsewhere', async () => {
    const response = await session.page.goto(url);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self';.*connect-src 'none'/);
    await session.page.waitForFunction(() => (window as unknown as { reportChartsRendered?: number }).reportChartsRendered === 4);
    expect(await session.page.textContent('h1')).toBe('在线教育联席会议监管报表 · 广东省');
    const rows = await session.page.$$eval('tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')!.textContent));
    expect(rows).toEqual(['440100', '440300', '440000']);
    // Each chart drew on its canvas: more than a background's worth of colours.
    const colours = await session.page.$$eval('.chart canvas', (canvases) => canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < pixels.length; i += 16) seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return seen.size;
    }));
    expect(colours).toHaveLength(4);
    for (const n of colours) expect(n).toBeGreaterThan(8);
    expect(session.errors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
    expect(session.foreignRequests).toEqual([]);
    expect(session.requests.every((r) => r.startsWith(`${stack.origin}/reports/`))).toBe(true);
    const csvLink = await session.page.getAttribute('a', 'href');
    expect(csvLink).toMatch(/^joint-conference\.csv\?region=440000&from=2023-01-01&to=\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps a screenshot of the page that is not blank', async () => {
    const { path, png } = await saveScreenshot(session.page, 'joint-report-440000');
    const stats = await imageStats(browser, png);
    process.stdout.write(`report page screenshot: ${path} (${stats.width}x${stats.height}, ${stats.colours} colours)\n`);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.dominantShare).toBeLessThan(0.95);
  });
});
