import type { Template } from './template';

export const purchase: Template = {
  id: 'purchase',
  title: 'Customer purchase',
  description:
    'Shoppers with age, income, visits and satisfaction, what they buy and spend, and whether they purchased.',
  blueprint: {
    version: 1,
    name: 'customer_purchase',
    description:
      'Customers of an online shop. Income rises with age; younger customers visit more; satisfied and frequent visitors buy more often.',
    method: 'rules',
    rows: 5000,
    seed: 3,
    target: 'purchased',
    output: { path: 'customer_purchase.synthetic.csv', format: 'csv' },
    columns: [
      { name: 'customer_id', type: 'id', unique: true, distribution: { kind: 'pattern', pattern: 'C{000000}' } },
      {
        name: 'age',
        type: 'integer',
        min: 18,
        max: 80,
        distribution: { kind: 'truncatedNormal', mean: 40, sd: 13, low: 18, high: 80 },
      },
      {
        name: 'gender',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { Female: 0.49, Male: 0.49, Other: 0.02 } },
      },
      {
        name: 'income',
        type: 'integer',
        description: 'Yearly income in dollars.',
        min: 8000,
        max: 500000,
        distribution: { kind: 'lognormal', meanlog: 10.86, sdlog: 0.5 },
      },
      {
        name: 'product_type',
        type: 'category',
        description: 'What they browse most, by gender.',
        distribution: {
          kind: 'conditional',
          on: 'gender',
          cases: {
            Female: {
              kind: 'categorical',
              probabilities: { Electronics: 0.15, Fashion: 0.32, Home: 0.2, Sports: 0.1, Beauty: 0.23 },
            },
            Male: {
              kind: 'categorical',
              probabilities: { Electronics: 0.35, Fashion: 0.15, Home: 0.18, Sports: 0.24, Beauty: 0.08 },
            },
          },
          default: {
            kind: 'categorical',
            probabilities: { Electronics: 0.25, Fashion: 0.25, Home: 0.2, Sports: 0.15, Beauty: 0.15 },
          },
        },
      },
      {
        name: 'monthly_visits',
        type: 'integer',
        description: 'Visits per month, by age band.',
        min: 0,
        max: 60,
        distribution: {
          kind: 'bands',
          on: 'age',
          bands: [
            { below: 30, distribution: { kind: 'poisson', lambda: 6 } },
            { below: 50, distribution: { kind: 'poisson', lambda: 4 } },
            { distribution: { kind: 'poisson', lambda: 2.5 } },
          ],
        },
      },
      {
        name: 'satisfaction_score',
        type: 'integer',
        description: 'Survey score from 1 to 5, skewed to satisfied.',
        min: 1,
        max: 5,
        distribution: { kind: 'beta', alpha: 5, beta: 2, low: 0.5, high: 5.5 },
      },
      {
        name: 'purchase_amount',
        type: 'number',
        description:
          'Spend in the last month, in dollars: grows with income and visits, more for electronics; 20% noise.',
        decimals: 2,
        min: 0,
        noise: 0.2,
        distribution: {
          kind: 'derived',
          expr: "income / 1000 * 1.8 + monthly_visits * 4 + if(product_type = 'Electronics', 120, 0)",
        },
      },
      {
        name: 'purchased',
        type: 'integer',
        description: '1 when the customer bought this month (about 35%).',
        distribution: {
          kind: 'logistic',
          rate: 0.35,
          terms: [
            { coef: 0.6, expr: 'satisfaction_score' },
            { coef: 0.15, expr: 'monthly_visits' },
            { coef: 0.05, expr: 'income / 10000' },
            { coef: -0.01, expr: 'age' },
          ],
        },
      },
    ],
    correlations: [{ columns: ['age', 'income'], r: 0.3 }],
    constraints: [
      { expr: 'age >= 18 and age <= 80' },
      { expr: 'satisfaction_score >= 1 and satisfaction_score <= 5' },
      { expr: 'purchase_amount >= 0', description: 'No negative spend.' },
      { expr: 'purchased in (0, 1)', description: 'The target is binary.' },
    ],
  },
};
