import type { Template } from './template';

export const health: Template = {
  id: 'health',
  title: 'Health risk scoring',
  description:
    'Patients with age, BMI, blood pressure, cholesterol, glucose, smoking and activity, and a high-risk flag from a logistic score.',
  blueprint: {
    version: 1,
    name: 'health_risk',
    description:
      'Adult patients and a cardiovascular high-risk flag. Age, BMI, blood pressure and cholesterol are correlated; smoking and low activity raise the risk.',
    method: 'rules',
    rows: 5000,
    seed: 11,
    target: 'high_risk',
    output: { path: 'health_risk.synthetic.csv', format: 'csv' },
    columns: [
      { name: 'patient_id', type: 'id', unique: true, distribution: { kind: 'pattern', pattern: 'PT-{00000}' } },
      {
        name: 'age',
        type: 'integer',
        min: 18,
        max: 90,
        distribution: { kind: 'truncatedNormal', mean: 52, sd: 16, low: 18, high: 90 },
      },
      { name: 'sex', type: 'category', distribution: { kind: 'categorical', probabilities: { F: 0.51, M: 0.49 } } },
      {
        name: 'bmi',
        type: 'number',
        description: 'Body-mass index, kg/m².',
        decimals: 1,
        min: 15,
        max: 55,
        distribution: { kind: 'normal', mean: 27.5, sd: 5 },
      },
      {
        name: 'systolic_bp',
        type: 'integer',
        description: 'Systolic blood pressure, mmHg.',
        min: 85,
        max: 210,
        distribution: { kind: 'normal', mean: 128, sd: 17 },
      },
      {
        name: 'cholesterol',
        type: 'integer',
        description: 'Total cholesterol, mg/dL.',
        min: 110,
        max: 350,
        distribution: { kind: 'normal', mean: 200, sd: 38 },
      },
      {
        name: 'glucose',
        type: 'integer',
        description: 'Fasting glucose, mg/dL.',
        min: 60,
        max: 300,
        missing: 0.03,
        distribution: { kind: 'lognormal', meanlog: 4.6, sdlog: 0.18 },
      },
      { name: 'smoker', type: 'boolean', distribution: { kind: 'categorical', probabilities: { Y: 0.18, N: 0.82 } } },
      {
        name: 'activity_level',
        type: 'category',
        description: 'Smokers are less often very active.',
        distribution: {
          kind: 'conditional',
          on: 'smoker',
          cases: {
            true: { kind: 'categorical', probabilities: { low: 0.5, moderate: 0.38, high: 0.12 } },
            false: { kind: 'categorical', probabilities: { low: 0.32, moderate: 0.46, high: 0.22 } },
          },
        },
      },
      {
        name: 'high_risk',
        type: 'integer',
        description: '1 for high cardiovascular risk (about 18% of patients), 0 otherwise.',
        distribution: {
          kind: 'logistic',
          rate: 0.18,
          terms: [
            { coef: 0.045, expr: 'age' },
            { coef: 0.9, expr: 'smoker' },
            { coef: 0.06, expr: 'bmi' },
            { coef: 0.02, expr: 'systolic_bp' },
            { coef: 0.006, expr: 'cholesterol' },
            { coef: 0.5, expr: "activity_level = 'low'" },
            { coef: 0.3, expr: "sex = 'M'" },
          ],
        },
      },
    ],
    correlations: [
      { columns: ['age', 'systolic_bp'], r: 0.4 },
      { columns: ['bmi', 'systolic_bp'], r: 0.3 },
      { columns: ['age', 'cholesterol'], r: 0.2 },
      { columns: ['bmi', 'glucose'], r: 0.25 },
    ],
    constraints: [
      { expr: 'age >= 18 and age <= 90' },
      { expr: 'bmi >= 15 and bmi <= 55' },
      { expr: 'systolic_bp > 0 and cholesterol > 0' },
      { expr: 'high_risk in (0, 1)', description: 'The target is binary.' },
    ],
  },
};
