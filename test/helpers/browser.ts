/// <reference lib="dom" />
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../common/project-root';

/**
 * Real-browser tests: Debian's Chromium (`apt-get install chromium`, which .ci/run does) driven
 * by playwright-core. Never a downloaded browser. Where no Chromium is installed the suites skip,
 * with one line saying so, and `npm test` still passes.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumInstalled: boolean = existsSync(CHROMIUM_PATH);

/** `describe` where Chromium is installed; elsewhere a skipped suite and one line on stderr. */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumInstalled) {
    describe(name, body);
    return;
  }
  process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): ${name}\n`);
  describe.skip(name, body);
}

/**
 * Chromium as this machine needs it: no sandbox (CI runs as root), no GPU, and none of the
 * background connections (updates, sync, QUIC probes) that a closed network refuses.
 * Playwright gives each launch a fresh, empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page whose every request, console error, uncaught exception and CSP violation is recorded. */
export interface RecordedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every URL the page asked for, in order (data: URLs are not requests). */
  readonly requests: string[];
  /** Requests to any origin other than the allowed one: refused, and listed here. */
  readonly foreignRequests: string[];
  /** Console messages of type error, and uncaught page errors. */
  readonly errors: string[];
  readonly cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Opens a page in a fresh context that may reach `allowedOrigin` only: anything else is aborted
 * (so a test never waits on the closed network) and reported in `foreignRequests`.
 */
export async function openRecordedPage(browser: Browser, allowedOrigin: string, viewport = { width: 1280, height: 800 }): Promise<RecordedPage> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const requests: string[] = [];
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === allowedOrigin) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (request) => void requests.push(request.url()));
  await context.exposeBinding('__reportCspViolation', (_source, violation: string) => void cspViolations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  const page = await context.newPage();
  // Below jest's 30 s, so that a wait that fails says what it waited for.
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => void errors.push(`uncaught: ${error.message}`));
  return { page, context, requests, foreignRequests, errors, cspViolations, close: () => context.close() };
}

/** Where tests leave what a person would look at (screenshots, reports); git-ignored. */
export const TEST_OUTPUT_DIR = join(PROJECT_ROOT, 'test-output');

/** Saves a full-page PNG under test-output/screenshots and returns its path and bytes. */
export async function saveScreenshot(page: Page, name: string): Promise<{ path: string; png: Buffer }> {
  const dir = join(TEST_OUTPUT_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const png = await page.screenshot({ fullPage: true, type: 'png' });
  const path = join(dir, `${name}.png`);
  writeFileSync(path, png);
  return { path, png };
}

export interface ImageStats {
  readonly width: number;
  readonly height: number;
  /** Distinct colours (RGB, alpha ignored). */
  readonly colours: number;
  /** Share of pixels that have the most common colour: near 1 means a blank image. */
  readonly dominantShare: number;
}

/** Decodes a PNG in the browser itself (a canvas in a blank page) and counts its colours. */
export async function imageStats(browser: Browser, png: Buffer): Promise<ImageStats> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    return await page.evaluate(async (dataUrl) => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context2d = canvas.getContext('2d')!;
      context2d.drawImage(image, 0, 0);
      const { data } = context2d.getImageData(0, 0, canvas.width, canvas.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
        counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
      }
      const pixels = data.length / 4;
      return { width: canvas.width, height: canvas.height, colours: counts.size, dominantShare: Math.max(...counts.values()) / pixels };
    }, `data:image/png;base64,${png.toString('base64')}`);
  } finally {
    await context.close();
  }
}
