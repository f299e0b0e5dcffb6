import type { QualityReport } from './model';
import { sha256Hex } from '../util/sha256';

/**
 * A standalone HTML report: one file that works offline in any browser. It runs the same script
 * as the VS Code report panel; the report travels as JSON in a non-executable script element
 * (`type="application/json"`, every `<` escaped), so no workspace text is ever parsed as HTML.
 * A Content-Security-Policy admits only the page's own script and style, by hash-derived nonce.
 */
export function renderReportHtml(report: QualityReport, script: string, css: string): string {
  const data = JSON.stringify(report).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const nonce = sha256Hex(new TextEncoder().encode(script + css + data)).slice(0, 32);
  const title = escapeHtml(`Synth Studio report: ${report.title}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${nonce}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data: blob:; font-src data:">
<title>${title}</title>
<style nonce="${nonce}">
${css}
</style>
</head>
<body class="standalone">
<div id="app" data-mode="report"></div>
<script type="application/json" id="report-data">${data}</script>
<script nonce="${nonce}">
${script.replace(/<\/script/gi, '<\\/script')}
</script>
</body>
</html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
