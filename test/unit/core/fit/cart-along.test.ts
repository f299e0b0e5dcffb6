import { describe, expect, it } from 'vitest';
import type { CartLeaf, CartNode } from '../../../../src/core/blueprint/models';
import { validateBlueprint } from '../../../../src/core/blueprint/validate';
import { Rng } from '../../../../src/core/random';
import { fitText, numbers } from './methods';

/**
 * Leaves that follow their row's predictors (`along`): within a leaf of 45 rows a near-functional
 * relation is otherwise drawn flat. The tables are built here with a known relation and noise,
 * so the expected error is the noise's, not a number read off the code.
 */
function table(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ['x1,x2,y'];
  for (let i = 0; i < rows; i++) {
    const x1 = rng.next() * 100;
    const x2 = rng.next() * 100;
    // y = x1 + x2 with noise of sd 0.5 (uniform on ±0.866): the spread of y is about 41.
    const y = x1 + x2 + (rng.next() - 0.5) * Math.sqrt(3);
    lines.push(`${x1.toFixed(3)},${x2.toFixed(3)},${y.toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

function leaves(node: CartNode): CartLeaf[] {
  return 'column' in node ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

/** Root mean square of y - (x1 + x2) over the synthetic rows. */
function rmsError(csv: string, alongR2: number): { rms: number; leaves: CartLeaf[] } {
  const { fit, synthetic } = fitText(csv, 'cart', { holdout: 0, cart: { alongR2 } });
  const model = fit.blueprint.model;
  if (model?.kind !== 'cart') throw new Error('not cart');
  const x1 = numbers(synthetic, 'x1');
  const x2 = numbers(synthetic, 'x2');
  const y = numbers(synthetic, 'y');
  let sq = 0;
  for (let i = 0; i < y.length; i++) sq += (y[i] - x1[i] - x2[i]) ** 2;
  return { rms: Math.sqrt(sq / y.length), leaves: leaves(model.trees.y) };
}

describe('cart: leaves along earlier columns', () => {
  const csv = table(4000, 7);
  const withPlanes = rmsError(csv, 0.1);
  const flat = rmsError(csv, 2); // r² never reaches 2: no leaf follows a predictor

  it('fits planes over both predictors where they explain the leaf', () => {
    const planes = withPlanes.leaves.filter((l) => l.along);
    // Every leaf of y spans a rectangle of x1 and x2, over which y rises with both.
    expect(planes.length).toBeGreaterThan(0.9 * withPlanes.leaves.length);
    const two = planes.filter((l) => l.along!.terms.length >= 2);
    expect(two.length).toBeGreaterThan(0.5 * planes.length);
    for (const l of planes) for (const t of l.along!.terms) expect(t.slope).toBeGreaterThan(0);
    expect(flat.leaves.some((l) => l.along)).toBe(false);
  });

  it('keeps the relation far closer than flat leaves do', () => {
    // Flat leaves of >= 45 rows over 4,000 rows leave y uniform across each leaf's rectangle;
    // planes bring the error down toward the noise (sd 0.5) plus the leaf's rank-grid error
    // (seen: 0.80 with planes, 6.2 flat).
    expect(withPlanes.rms).toBeLessThan(flat.rms / 4);
    expect(withPlanes.rms).toBeLessThan(1.5);
  });

  it('every leaf plane is valid blueprint JSON, and a plane on a later column is refused with its path', () => {
    const { fit } = fitText(csv, 'cart', { holdout: 0 });
    const bp = JSON.parse(JSON.stringify(fit.blueprint));
    expect(validateBlueprint(bp).filter((p) => p.severity === 'error')).toEqual([]);
    // Make x1's own tree follow y, which is generated after it.
    bp.model.trees.x1 = {
      rows: 4000,
      ranks: [0, 0.5, 1],
      along: { terms: [{ column: 'y', slope: 1 }], intercept: 0, residuals: [0.1, 0] },
    };
    const problems = validateBlueprint(bp).filter((p) => p.severity === 'error');
    const paths = problems.map((p) => `${p.code} ${p.path.join('.')}`);
    expect(paths).toContain('blueprint/split-order model.trees.x1.along.terms.0.column');
    expect(paths).toContain('blueprint/type model.trees.x1.along.residuals');
  });
});
