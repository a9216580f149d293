/** Where the page's files are, as the webview (or a test's stand-in server) serves them. */
export interface PanelAssets {
  /** The origin the page may load its script and stylesheet from (a webview's `cspSource`). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Fresh for every page load: the one script allowed to run carries it. */
  nonce: string;
}

/** The graph panel's page: an empty body that dist/webview.js fills, under a strict policy. */
export function panelHtml({ cspSource, scriptUri, styleUri, nonce }: PanelAssets): string {
  const csp = [`default-src 'none'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${styleUri}">
<title>Migration Guard: Revision Graph</title>
</head>
<body>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>
`;
}
