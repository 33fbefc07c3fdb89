/**
 * A small GraphQL console served by the gateway itself: no CDN, no fonts, no fetch other than
 * to this gateway's /graphql, so it works on a network with no internet access.
 */
export const IDE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Online-education data-sharing gateway</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { padding: 8px 12px; background: #1f3a5f; color: #fff; display: flex; gap: 12px; align-items: center; }
  header input { flex: 1; font: inherit; padding: 4px; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; padding: 8px; min-height: 0; }
  section { display: grid; grid-template-rows: 2fr auto 1fr; gap: 4px; min-height: 0; }
  textarea, pre { font: 13px ui-monospace, monospace; width: 100%; box-sizing: border-box; margin: 0; border: 1px solid #aab; padding: 6px; overflow: auto; }
  pre { background: #f6f8fa; }
  button { font: inherit; padding: 4px 16px; }
</style>
</head>
<body>
<header>
  <strong>GraphQL</strong>
  <input id="token" placeholder="Bearer token (optional; anonymous sees public data only)">
  <input id="purpose" placeholder="X-Purpose (optional)" style="max-width: 14em">
  <button id="run">Run ▶</button>
</header>
<main>
  <section>
    <textarea id="query" spellcheck="false">query Profile($uscc: USCC!) {
  institution(uscc: $uscc) {
    uscc
    name
    regionName
    filing { listStatus permitNo permitValidTo }
    courses(first: 3) { title priceCny lessons }
  }
}</textarea>
    <label for="variables">Variables (JSON)</label>
    <textarea id="variables" spellcheck="false">{}</textarea>
  </section>
  <pre id="result">Press Run (or Ctrl-Enter).</pre>
</main>
<script>
  const $ = (id) => document.getElementById(id);
  async function run() {
    let variables;
    try { variables = JSON.parse($('variables').value || '{}'); } catch (e) { $('result').textContent = 'Variables are not valid JSON: ' + e.message; return; }
    const headers = { 'content-type': 'application/json' };
    const token = $('token').value.trim();
    if (token) headers.authorization = token.startsWith('Bearer ') ? token : 'Bearer ' + token;
    if ($('purpose').value.trim()) headers['x-purpose'] = $('purpose').value.trim();
    const started = performance.now();
    const response = await fetch(location.pathname, { method: 'POST', headers, body: JSON.stringify({ query: $('query').value, variables }) });
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
    $('result').textContent = 'HTTP ' + response.status + ' in ' + Math.round(performance.now() - started) + ' ms\\n\\n' + shown;
  }
  $('run').addEventListener('click', run);
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
`;
