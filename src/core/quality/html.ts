import type { AnyReport, ReportContext } from './types';
import { sha256Hex } from '../util/sha256';

/**
 * A standalone HTML report: one file that works offline in any browser. It runs the same script
 * as the VS Code report panel (every tab, charts exportable as SVG or PNG by download link); the
 * report travels as JSON in a non-executable script element (`type="application/json"`, every `<`
 * escaped), so no workspace text is ever parsed as HTML. A Content-Security-Policy admits only the
 * page's own script and style, by hash-derived nonce.
 */
export function renderReportHtml(report: AnyReport, script: string, css: string, context: ReportContext = {}): string {
  const data = jsonForScript(report);
  const contextData = jsonForScript(context);
  const nonce = sha256Hex(new TextEncoder().encode(script + css + data + contextData)).slice(0, 32);
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
<script type="application/json" id="report-context">${contextData}</script>
<script nonce="${nonce}">
${script.replace(/<\/script/gi, '<\\/script')}
</script>
</body>
</html>
`;
}

/** JSON that cannot end its script element or be read as markup: every `<` escaped, and the line separators JSON allows but JavaScript did not. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
