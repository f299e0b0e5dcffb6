import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per page load, from a CSPRNG. */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The webview page: a strict Content-Security-Policy (nothing by default; our script by nonce;
 * our stylesheet from the extension, plus style elements carrying the nonce, which the UI
 * toolkit reads from the `csp-nonce` meta tag; images as data/blob URLs for chart export) and no
 * workspace data at all: everything the page shows arrives later by postMessage.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'report' | 'view'): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'report.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data: blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${n}">
<link rel="stylesheet" href="${style}">
<title>Synth Studio</title>
</head>
<body>
<div id="app" data-mode="${mode}"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}
