import { IDE_SCRIPT, IDE_STYLE, type IdeAssets } from './ide-assets';

/**
 * Everything the page loads comes from this gateway; no inline script, no eval. The one inline
 * style GraphiQL writes (a dialog's scroll lock) carries this response's nonce. Fonts and
 * GraphiQL's few icons are data URLs inside the bundled stylesheet, hence `data:` there only.
 */
export function ideContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** URL path of the bundled assets, relative to the page so that a path prefix in front of the gateway keeps working. */
export const IDE_ASSET_PATH = 'graphiql';

/** The HTML shell that loads the bundled GraphiQL; the script hands `nonce` on to what styles it injects. */
export function idePage(assets: IdeAssets, nonce: string): string {
  const url = (name: string) => `${IDE_ASSET_PATH}/${name}?v=${assets.version}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL · Online-education data-sharing gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${url(IDE_STYLE)}">
<script defer nonce="${nonce}" src="${url(IDE_SCRIPT)}"></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. Without it, POST queries to this URL as JSON.</noscript>
</body>
</html>
`;
}
