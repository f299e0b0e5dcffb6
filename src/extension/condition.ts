import * as vscode from 'vscode';
import type { Blueprint } from '../core/blueprint/types';
import { columnLevels, conditionProblems } from '../core/generate/condition';
import { formatName } from '../core/expr';

/**
 * "Generate with condition…": an input (a quick pick, so it can offer completions) for a
 * condition in the expression language. The items complete the word being typed: column names,
 * and after `column ==`, `!=` or `in (` that column's levels; choosing one puts it in the text.
 * The first item generates; while the condition has a problem (unknown column or level, a part
 * that cannot hold) it shows the problem instead, with the fix when there is one.
 * Resolves to the condition, or undefined when dismissed.
 */
export function askCondition(blueprint: Blueprint, initial = ''): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<ConditionItem>();
  pick.title = `Generate ${blueprint.rows.toLocaleString('en-US')} rows of ${blueprint.name} with a condition`;
  pick.placeholder = 'e.g. y == "yes" and age >= 65 (columns and levels complete as you type)';
  pick.value = initial;
  pick.ignoreFocusOut = true;
  // The items are ours: VS Code must not filter or sort them by the typed text.
  pick.matchOnDescription = false;
  (pick as { sortByLabel?: boolean }).sortByLabel = false;
  const update = (): void => {
    pick.items = itemsFor(blueprint, pick.value);
  };
  update();
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item) return;
      if (item.action === 'generate') {
        finish(pick.value.trim());
        return;
      }
      if (item.action === 'problem') return;
      pick.value = item.apply(pick.value);
      update();
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}

type ConditionItem = vscode.QuickPickItem &
  ({ action: 'generate' } | { action: 'problem' } | { action: 'edit'; apply: (text: string) => string });

/** The first item (generate, or the problem and its fix), then completions of the word at the end. */
function itemsFor(blueprint: Blueprint, text: string): ConditionItem[] {
  const items: ConditionItem[] = [];
  const trimmed = text.trim();
  if (trimmed) {
    const problem = conditionProblems(trimmed, blueprint)[0];
    if (!problem)
      items.push({
        action: 'generate',
        label: `$(play) Generate rows where ${trimmed}`,
        description: `${blueprint.rows.toLocaleString('en-US')} rows, every one meeting the condition`,
        alwaysShow: true,
      });
    else {
      items.push({
        action: 'problem',
        label: `$(error) ${problem.message}`,
        ...(problem.hint ? { detail: problem.hint } : {}),
        alwaysShow: true,
      });
      if (problem.suggestion) {
        const offset = text.indexOf(trimmed);
        const { start, end } = problem;
        const replacement = problem.code === 'unknown-column' ? formatName(problem.suggestion) : problem.suggestion;
        items.push({
          action: 'edit',
          label: `$(lightbulb) Change "${trimmed.slice(start, end)}" to "${problem.suggestion}"`,
          alwaysShow: true,
          apply: (t) => t.slice(0, offset + start) + replacement + t.slice(offset + end),
        });
      }
    }
  }
  items.push(...completions(blueprint, text));
  return items;
}

/** Completions of the word being typed at the end of `text`. */
function completions(blueprint: Blueprint, text: string): ConditionItem[] {
  // After `column ==`, `!=` or `in (... ,`: the column's levels, quoted.
  const level = /(`[^`]+`|[A-Za-z_][\w.-]*)\s*(?:==|=|!=|<>|\bin\s*\((?:[^)]*,)?)\s*"?([^"]*)$/i.exec(text);
  if (level) {
    const name = level[1].replace(/^`|`$/g, '');
    const spec = blueprint.columns.find((c) => c.name === name);
    const levels = spec && spec.type === 'category' ? (columnLevels(spec) ?? []) : [];
    const typed = level[2];
    const start = text.length - typed.length - (text.slice(0, text.length - typed.length).endsWith('"') ? 1 : 0);
    return levels
      .filter((l) => l.toLowerCase().startsWith(typed.toLowerCase()))
      .slice(0, 50)
      .map((l) => ({
        action: 'edit' as const,
        label: `"${l}"`,
        description: `level of ${name}`,
        alwaysShow: true,
        apply: (t: string) => `${t.slice(0, start)}"${l}"`,
      }));
  }
  // After a number, a quoted text or a closing parenthesis a column cannot come next.
  if (/[\d"')]$/.test(text.trimEnd()) && !/\b(and|or|not)$/i.test(text.trimEnd())) {
    if (!/[A-Za-z_]$/.test(text)) return [];
  }
  const word = /([A-Za-z_][\w.-]*|`[^`]*)$/.exec(text);
  const typed = word ? word[1].replace(/^`/, '') : '';
  const start = word ? text.length - word[1].length : text.length;
  return blueprint.columns
    .filter((c) => c.name.toLowerCase().startsWith(typed.toLowerCase()) && c.type !== 'id' && c.type !== 'text')
    .slice(0, 50)
    .map((c) => ({
      action: 'edit' as const,
      label: c.name,
      description: c.type,
      alwaysShow: true,
      apply: (t: string) => `${t.slice(0, start)}${formatName(c.name)} `,
    }));
}
