/**
 * Renders a Vega-Lite spec the way the webview does (CSP-safe expression interpreter, `ast: true`),
 * headless in Node, to SVG text; collects every warning Vega-Lite and Vega log on the way.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { expressionInterpreter } from 'vega-interpreter';
import type { VegaLiteSpec } from '../../../../src/core/charts/spec';

export interface Rendered {
  svg: string;
  warnings: string[];
  /** Data marks drawn (paths, rects, lines, circles inside `role-mark` groups), from the scenegraph. */
  marks: number;
}

function logger(warnings: string[]): vega.LoggerInterface {
  let level = 2;
  const l = {
    level(x?: number) {
      if (x === undefined) return level;
      level = x;
      return l;
    },
    error: (...a: unknown[]) => {
      warnings.push(`error: ${a.map(String).join(' ')}`);
      return l;
    },
    warn: (...a: unknown[]) => {
      warnings.push(`warn: ${a.map(String).join(' ')}`);
      return l;
    },
    info: () => l,
    debug: () => l,
  };
  return l as unknown as vega.LoggerInterface;
}

function countItems(node: unknown): number {
  const n = node as { marktype?: string; role?: string; items?: unknown[] };
  let count = 0;
  if (n && Array.isArray(n.items)) {
    const isData =
      n.marktype && n.role === 'mark' && ['rect', 'line', 'area', 'symbol', 'rule', 'text'].includes(n.marktype);
    if (isData) count += n.items.length;
    for (const child of n.items) count += countItems(child);
  }
  return count;
}

export async function renderSpec(spec: VegaLiteSpec): Promise<Rendered> {
  const warnings: string[] = [];
  const vg = compile(spec as never, { logger: logger(warnings) as never }).spec;
  const view = new vega.View(vega.parse(vg, undefined, { ast: true }), {
    renderer: 'none',
    expr: expressionInterpreter as never,
    logger: logger(warnings) as never,
  });
  await view.runAsync();
  const svg = await view.toSVG();
  const marks = countItems((view.scenegraph() as unknown as { root: unknown }).root);
  view.finalize();
  return { svg, warnings, marks };
}
