import type { Blueprint } from '../types';

/** A template blueprint and how `synth-studio new` and the template picker name it. */
export interface Template {
  /** Short name for `synth-studio new ID`. */
  id: string;
  title: string;
  description: string;
  blueprint: Blueprint;
}
