import type { AugmentModel } from '../blueprint/models';
import type { ColumnSpec } from '../blueprint/types';

/**
 * Noise of `augment`: half of the numbers move, by about 3 percentiles; one category in fifty
 * is re-drawn. Enough that no row is a copy, little enough that rows stay plausible.
 */
export const AUGMENT_NOISE = 0.03;
export const AUGMENT_MOVE = 0.5;
export const AUGMENT_FLIP = 0.02;

/**
 * The augment "model" is only its noise settings and the target to keep: rows come from the
 * source CSV at generation time, so the blueprint itself holds no record.
 */
export function fitAugment(target: string | undefined): AugmentModel {
  return {
    kind: 'augment',
    noise: AUGMENT_NOISE,
    move: AUGMENT_MOVE,
    flip: AUGMENT_FLIP,
    ...(target ? { target } : {}),
  };
}

const TARGET_NAMES =
  /^(target|label|labels|class|y|outcome|response|income|survived|churn|churned|default|fraud|is_fraud)$/i;

/**
 * A likely prediction target when none is given: a column named like one (`target`, `label`,
 * `class`, `y`, `churn`, ...), else the last column when it is a category or boolean (the usual
 * layout of labelled data). Undefined when neither holds: augment then keeps no column fixed.
 */
export function guessTarget(columns: ColumnSpec[]): string | undefined {
  const named = columns.find((c) => TARGET_NAMES.test(c.name.trim()) && c.type !== 'id' && c.type !== 'text');
  if (named) return named.name;
  const last = columns[columns.length - 1];
  return last && (last.type === 'category' || last.type === 'boolean') ? last.name : undefined;
}
