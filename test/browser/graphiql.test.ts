import type { Browser, Page } from 'playwright-core';
import { EXAMPLE_USCC } from '../../gateway/http/ide/example';
import { loadPolicies } from '../../policies/load-policies';
import { describeInBrowser, imageStats, launchChromium, openRecordedPage, saveScreenshot, type RecordedPage } from '../helpers/browser';
import { startInProcessGateway, type InProcessGateway } from '../helpers/in-process-gateway';
import { seededDataDir, type SeededDataDir } from '../helpers/seeded-data-dir';
import { createTestKeys, type TestKeys } from '../helpers/test-keys';

/** CodeMirror 5 keeps its editor object on its wrapper element. */
type CodeMirrorElement = HTMLElement & { CodeMirror: { getValue(): string; setValue(value: string): void; focus(): void; setCursor(pos: { line: number; ch: number }): void } };

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const RESPONSE_EDITOR = '.graphiql-response .CodeMirror';
/** The variables or headers editor, whichever tab is open. */
const TOOL_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

function editorValue(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => (element as unknown as CodeMirrorElement).CodeMirror.getValue());
}

function setEditorValue(page: Page, selector: string, value: string): Promise<void> {
  return page.$eval(selector, (element, text) => (element as unknown as CodeMirrorElement).CodeMirror.setValue(text), value);
}

/** Runs the query in the editor and returns the response pane's JSON once a new answer is shown. */
async function runQuery(page: Page): Promise<{ data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] }> {
  await setEditorValue(page, RESPONSE_EDITOR, '');
  await page.click('.graphiql-execute-button');
  await page.waitForFunction((selector) => {
    const text = (document.querySelector(selector) as unknown as CodeMirrorElement | null)?.CodeMirror.getValue() ?? '';
    try {
      return 'data' in JSON.parse(text) || 'errors' in JSON.parse(text);
    } catch {
      return false;
    }
  }, RESPONSE_EDITOR);
  return JSON.parse(await editorValue(page, RESPONSE_EDITOR));
}

describeInBrowser('GraphiQL served by the gateway, in Debian Chromium', () => {
  let data: SeededDataDir;
  let keys: TestKeys;
  let gateway: InProcessGateway;
  let browser: Browser;
  let session: RecordedPage;
  let token: string;

  beforeAll(async () => {
    // Seed 2019 is the default seed, so the page's example institution is in it.
    data = seededDataDir(20, 2019);
    keys = await createTestKeys();
    // INTROSPECTION=on: this suite is about what the page does with a schema (the refusal has its own test).
    gateway = await startInProcessGateway(data.dataDir, { ...keys.env, INTROSPECTION: 'on' });
    browser = await launchChromium();
    const moe = loadPolicies().consumers.get('moe-supervision-platform')!;
    token = await keys.sign({ scope: moe.scopes.join(' '), azp: moe.id, sub: 'officer-1' });
    session = await openRecordedPage(browser, gateway.origin, { width: 1440, height: 900 });
    const response = await session.page.goto(`${gateway.origin}/graphql`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    await session.page.waitForSelector(QUERY_EDITOR);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await gateway?.close();
    data?.remove();
  });

  it('fills the docs pane by introspection, and the explorer walks from Query to its fields', async () => {
    const { page } = session;
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Root Types').waitFor();
    await docs.locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).first().click();
    await docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^institution$/ }).waitFor();
    await docs.locator('.graphiql-doc-explorer-field-name', { hasText: /^institutions$/ }).waitFor();
  });

  it('runs the example query with its variables and shows the seeded institution', async () => {
    const { page } = session;
    expect(JSON.parse(await editorValue(page, TOOL_EDITOR))).toEqual({ uscc: EXAMPLE_USCC });
    const answer = await runQuery(page);
    const institution = data.institutions.find((i) => i.uscc === EXAMPLE_USCC)!;
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.institution).toMatchObject({ uscc: EXAMPLE_USCC, name: institution.name, regionName: institution.regionName });
    expect(answer.data!.institution.registration.legalName).toBe(institution.name);
  });

  it('saves a screenshot of the page with docs and an answer that is not blank', async () => {
    const { path, png } = await saveScreenshot(session.page, 'graphiql-profile-query');
    const stats = await imageStats(browser, png);
    expect(stats).toMatchObject({ width: 1440, height: 900 });
    // A page of editors, docs and an answer: many colours (text is antialiased), no colour
    // covering nearly everything (a blank or error page is one background colour).
    expect(stats.colours).toBeGreaterThan(200);
    expect(stats.dominantShare).toBeLessThan(0.9);
    expect(path).toMatch(/graphiql-profile-query\.png$/);
  });

  it('completes field names from the schema as one types', async () => {
    const { page } = session;
    const lines = (await editorValue(page, QUERY_EDITOR)).split('\n');
    const line = lines.findIndex((text) => text.trim() === 'uscc');
    await page.$eval(QUERY_EDITOR, (element, at) => {
      const editor = (element as unknown as CodeMirrorElement).CodeMirror;
      editor.focus();
      editor.setCursor({ line: at, ch: 1000 });
    }, line);
    await page.keyboard.press('Enter');
    await page.keyboard.type('reg');
    const hints = page.locator('.CodeMirror-hints .CodeMirror-hint');
    await hints.first().waitFor();
    const offered = await hints.allTextContents();
    expect(offered).toEqual(expect.arrayContaining([expect.stringContaining('registration'), expect.stringContaining('regionName')]));
    expect(offered.some((hint) => hint.includes('patents'))).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('prefills the header editor; a bare "Bearer " is not sent, and a pasted token opens what its grant allows', async () => {
    const { page } = session;
    await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
    const prefilled = JSON.parse(await editorValue(page, TOOL_EDITOR));
    expect(prefilled).toEqual({ Authorization: 'Bearer ', 'X-Purpose': 'SUPERVISION_INSPECTION' });

    await setEditorValue(page, QUERY_EDITOR, `query Custody($uscc: USCC!) { institution(uscc: $uscc) { name prepaidCustody { balanceCny } } }`);
    // GraphiQL picks the operation to send up after the edit; its tab shows the new name then.
    await page.locator('.graphiql-tab', { hasText: 'Custody' }).waitFor();
    const anonymous = await runQuery(page);
    // Anonymous (the placeholder was dropped, or the gateway would have answered 401): the balance is refused.
    expect(anonymous.data!.institution.prepaidCustody).toBeNull();
    expect(anonymous.errors!.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);

    await setEditorValue(page, TOOL_EDITOR, JSON.stringify({ ...prefilled, Authorization: `Bearer ${token}` }));
    const authorized = await runQuery(page);
    expect(authorized.errors).toBeUndefined();
    expect(authorized.data!.institution.prepaidCustody.balanceCny).toEqual(expect.any(Number));
  });

  it('logged no error, violated no CSP directive and fetched nothing but the gateway', () => {
    expect(session.errors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
    expect(session.foreignRequests).toEqual([]);
    const paths = new Set(session.requests.map((url) => new URL(url).pathname));
    expect([...paths].sort()).toEqual(['/graphiql/graphiql.css', '/graphiql/graphiql.js', '/graphql']);
  });

  it('says in the docs pane why there is no schema when introspection is refused, and still runs queries', async () => {
    // The default INTROSPECTION=authenticated: an anonymous page is refused the schema, a token opens it.
    const strict = await startInProcessGateway(data.dataDir, keys.env);
    const refused = await openRecordedPage(browser, strict.origin);
    try {
      const { page } = refused;
      await page.goto(`${strict.origin}/graphql`);
      const alert = page.locator('.graphiql-plugin [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('GraphQL introspection is not allowed for this caller, but the query contained __schema or __type (INTROSPECTION_DISABLED)');
      expect(await alert.textContent()).toContain('Paste a token');
      await saveScreenshot(page, 'graphiql-introspection-refused');

      const answer = await runQuery(page);
      expect(answer.data!.institution.uscc).toBe(EXAMPLE_USCC);

      await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
      await setEditorValue(page, TOOL_EDITOR, JSON.stringify({ Authorization: `Bearer ${token}` }));
      await alert.getByRole('button', { name: 'Fetch the schema again' }).click();
      await page.locator('.graphiql-doc-explorer').getByText('Root Types').waitFor();
      expect(await alert.count()).toBe(0);
      // The browser reports the refused introspection's 400; nothing else may appear.
      expect(refused.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
      expect(refused.cspViolations).toEqual([]);
      expect(refused.foreignRequests).toEqual([]);
    } finally {
      await refused.close();
      await strict.close();
    }
  });
});
