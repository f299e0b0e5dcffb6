/**
 * Template blueprints for tables without source data ("New Blueprint from Template",
 * `synth-studio new`). Each is realistic enough to demo and to learn the format from: at least one
 * categorical dependence, a target with an explained formula, and constraints that hold (a
 * property test checks them for many seeds).
 */
import { serializeBlueprint } from '../serialize';
import { bank } from './bank';
import { churn } from './churn';
import { health } from './health';
import { loan } from './loan';
import { purchase } from './purchase';
import { retail } from './retail';
import type { Template } from './template';

export type { Template };

export const TEMPLATES: readonly Template[] = [churn, retail, health, purchase, loan, bank];

export function findTemplate(id: string): Template | undefined {
  const key = id.toLowerCase().replace(/[\s_-]+/g, '');
  return TEMPLATES.find(
    (t) =>
      t.id === key ||
      t.title.toLowerCase().replace(/[\s_-]+/g, '') === key ||
      t.blueprint.name.replace(/_/g, '') === key,
  );
}

/** A template as the file a user gets: a comment saying what it is, then the blueprint. */
export function templateText(t: Template): string {
  return `// ${t.title}: ${t.description}\n// Edit freely: the format is described in docs/blueprint.md. Generate with the CodeLens above "name", or run: synth-studio generate ${t.blueprint.name}.synth.json\n${serializeBlueprint(t.blueprint)}`;
}
