import type { Template } from './template';

export const bank: Template = {
  id: 'bank',
  title: 'Bank marketing',
  description:
    "A bank's phone campaign for term deposits (after the UCI Bank Marketing data): age, job, balance, housing and personal loans, call duration, contacts, and whether the client subscribed.",
  blueprint: {
    version: 1,
    name: 'bank_marketing',
    description:
      'Clients called in a term-deposit campaign. Jobs depend on age band; long calls, students and retirees subscribe more; loans and repeated contacts less. About 11.7% subscribe.',
    method: 'rules',
    rows: 5000,
    seed: 17,
    target: 'y',
    output: { path: 'bank_marketing.synthetic.csv', format: 'csv' },
    columns: [
      {
        name: 'age',
        type: 'integer',
        min: 18,
        max: 95,
        distribution: { kind: 'truncatedNormal', mean: 41, sd: 10.6, low: 18, high: 95 },
      },
      {
        name: 'job',
        type: 'category',
        description: 'Occupation, by age band.',
        distribution: {
          kind: 'bands',
          on: 'age',
          bands: [
            {
              below: 25,
              distribution: {
                kind: 'categorical',
                probabilities: { student: 0.35, services: 0.2, 'admin.': 0.2, 'blue-collar': 0.15, unemployed: 0.1 },
              },
            },
            {
              below: 60,
              distribution: {
                kind: 'categorical',
                probabilities: {
                  'admin.': 0.12,
                  'blue-collar': 0.22,
                  technician: 0.17,
                  management: 0.21,
                  services: 0.09,
                  entrepreneur: 0.04,
                  'self-employed': 0.04,
                  unemployed: 0.03,
                  housemaid: 0.03,
                  retired: 0.02,
                  student: 0.03,
                },
              },
            },
            {
              distribution: {
                kind: 'categorical',
                probabilities: {
                  retired: 0.65,
                  management: 0.1,
                  housemaid: 0.08,
                  'self-employed': 0.07,
                  'admin.': 0.05,
                  'blue-collar': 0.05,
                },
              },
            },
          ],
        },
      },
      {
        name: 'marital',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { married: 0.6, single: 0.28, divorced: 0.12 } },
      },
      {
        name: 'balance',
        type: 'integer',
        description: 'Average yearly balance in euros (deciles of the UCI data; can be negative).',
        min: -8019,
        max: 102127,
        distribution: { kind: 'empirical', quantiles: [-3000, 0, 22, 131, 272, 448, 701, 1126, 1859, 3574, 30000] },
      },
      {
        name: 'housing',
        type: 'boolean',
        description: 'Has a housing loan; most common in mid-life.',
        distribution: {
          kind: 'bands',
          on: 'age',
          bands: [
            { below: 30, distribution: { kind: 'categorical', probabilities: { yes: 0.45, no: 0.55 } } },
            { below: 60, distribution: { kind: 'categorical', probabilities: { yes: 0.6, no: 0.4 } } },
            { distribution: { kind: 'categorical', probabilities: { yes: 0.15, no: 0.85 } } },
          ],
        },
      },
      {
        name: 'loan',
        type: 'boolean',
        description: 'Has a personal loan.',
        distribution: { kind: 'categorical', probabilities: { yes: 0.16, no: 0.84 } },
      },
      {
        name: 'duration',
        type: 'integer',
        description: 'Length of the last call, in seconds.',
        min: 0,
        max: 4918,
        distribution: { kind: 'exponential', rate: 0.003876 },
      },
      {
        name: 'campaign',
        type: 'integer',
        description: 'Contacts in this campaign, the last one included.',
        min: 1,
        max: 63,
        distribution: { kind: 'poisson', lambda: 1.8 },
      },
      {
        name: 'y',
        type: 'boolean',
        description: 'Subscribed a term deposit.',
        distribution: {
          kind: 'logistic',
          rate: 0.117,
          values: ['no', 'yes'],
          terms: [
            { coef: 0.45, expr: 'duration / 100', description: 'per 100 seconds of call' },
            { coef: -0.6, expr: 'housing' },
            { coef: -0.4, expr: 'loan' },
            { coef: -0.1, expr: 'campaign' },
            { coef: 0.9, expr: "job in ('student', 'retired')" },
            { coef: 0.03, expr: 'balance / 1000' },
          ],
        },
      },
    ],
    constraints: [
      { expr: 'age >= 18' },
      { expr: 'duration >= 0' },
      { expr: 'campaign >= 1' },
      { expr: 'not is_missing(y)', description: 'The target is always known.' },
    ],
  },
};
