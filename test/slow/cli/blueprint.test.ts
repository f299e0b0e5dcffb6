import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../unit/helpers';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('synth-studio schema, templates, new, validate', () => {
  it('prints the shipped schema and lists the templates', () => {
    const dir = tempDir('synth-lang-');
    const schema = run(['schema'], dir);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout)).toEqual(
      JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'synth.schema.json'), 'utf8')),
    );
    const list = run(['templates'], dir);
    expect(list.stdout.split('\n').filter((l) => /^(churn|retail|health|purchase|loan|bank)\s/.test(l))).toHaveLength(
      6,
    );
  });

  it('new writes a template that validates and generates; validate reports problems the editor shows, exit 1 on errors', () => {
    const dir = tempDir('synth-lang-');
    expect(run(['new', 'loan'], dir).code).toBe(0);
    const file = path.join(dir, 'loan_approval.synth.json');
    expect(run(['new', 'loan'], dir)).toMatchObject({ code: 1 });
    expect(run(['new', 'nope'], dir).stderr).toMatch(/There is no template "nope"\. Choose one of churn, retail/);
    expect(run(['validate', 'loan_approval.synth.json'], dir)).toMatchObject({ code: 0, stdout: '' });
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"expr": "installment > 0"', '"expr": "instalment > 0"'));
    const bad = run(['validate', 'loan_approval.synth.json'], dir);
    expect(bad.code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('"expr": "installment > 0"')) + 1;
    const col = text.split('\n')[line - 1].indexOf('installment > 0') + 1;
    expect(bad.stdout.trim()).toBe(
      `loan_approval.synth.json:${line}:${col}: error: Unknown column "instalment". Did you mean "installment"? (at constraints[2].expr)`,
    );
  });

  it('generate writes JSON Lines when the blueprint asks for it, and reports broken constraints at the constraint', () => {
    const dir = tempDir('synth-lang-');
    run(['new', 'retail', '--out', 'r.synth.json'], dir);
    const file = path.join(dir, 'r.synth.json');
    const text = readFileSync(file, 'utf8')
      .replace('"format": "csv"', '"format": "jsonl"')
      .replace('"path": "retail_sales.synthetic.csv",', '')
      .replace('"expr": "quantity >= 1"', '"expr": "quantity >= 2"');
    writeFileSync(file, text);
    const r = run(['generate', 'r.synth.json', '--rows', '300'], dir);
    expect(r.code).toBe(0);
    const lines = readFileSync(path.join(dir, 'retail_sales.synthetic.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    const quantities = lines.map((l) => JSON.parse(l).quantity as number);
    const broken = quantities.filter((q) => q < 2).length;
    const line = text.split('\n').findIndex((l) => l.includes('"expr": "quantity >= 2"')) + 1;
    expect(r.stderr).toContain(`r.synth.json:${line}:`);
    expect(r.stderr).toContain(
      `warning: ${broken} of 300 rows break \`quantity >= 2\`; first at row ${quantities.findIndex((q) => q < 2) + 1}`,
    );
  });
});
