import type { Template } from './template';

export const churn: Template = {
  id: 'churn',
  title: 'Customer churn',
  description: 'Telecom subscribers: contract, tenure, services, charges, support tickets, and whether they churned.',
  blueprint: {
    version: 1,
    name: 'customer_churn',
    description:
      'Telecom customers and whether they left in the last month. Month-to-month contracts, fiber, electronic checks and many support tickets raise churn; tenure lowers it.',
    method: 'rules',
    rows: 5000,
    seed: 42,
    target: 'churn',
    output: { path: 'customer_churn.synthetic.csv', format: 'csv' },
    columns: [
      {
        name: 'customer_id',
        type: 'id',
        description: 'Customer number.',
        unique: true,
        distribution: { kind: 'pattern', pattern: 'CUST-{00000}' },
      },
      {
        name: 'gender',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { Female: 0.5, Male: 0.5 } },
      },
      {
        name: 'senior_citizen',
        type: 'boolean',
        description: 'Aged 65 or over.',
        distribution: { kind: 'categorical', probabilities: { Yes: 0.16, No: 0.84 } },
      },
      {
        name: 'contract',
        type: 'category',
        distribution: {
          kind: 'categorical',
          probabilities: { 'month-to-month': 0.55, 'one-year': 0.21, 'two-year': 0.24 },
        },
      },
      {
        name: 'tenure_months',
        type: 'integer',
        description: 'Months as a customer; longer on longer contracts.',
        min: 1,
        max: 72,
        distribution: {
          kind: 'conditional',
          on: 'contract',
          cases: {
            'month-to-month': { kind: 'truncatedNormal', mean: 10, sd: 14, low: 1, high: 72 },
            'one-year': { kind: 'truncatedNormal', mean: 36, sd: 18, low: 1, high: 72 },
            'two-year': { kind: 'truncatedNormal', mean: 56, sd: 14, low: 1, high: 72 },
          },
        },
      },
      {
        name: 'internet_service',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { DSL: 0.34, 'Fiber optic': 0.44, No: 0.22 } },
      },
      {
        name: 'payment_method',
        type: 'category',
        description: 'Depends on the contract: month-to-month customers pay by electronic check more often.',
        distribution: {
          kind: 'conditional',
          on: 'contract',
          cases: {
            'month-to-month': {
              kind: 'categorical',
              probabilities: {
                'Electronic check': 0.5,
                'Mailed check': 0.2,
                'Bank transfer': 0.15,
                'Credit card': 0.15,
              },
            },
            'one-year': {
              kind: 'categorical',
              probabilities: { 'Electronic check': 0.2, 'Mailed check': 0.2, 'Bank transfer': 0.3, 'Credit card': 0.3 },
            },
            'two-year': {
              kind: 'categorical',
              probabilities: {
                'Electronic check': 0.1,
                'Mailed check': 0.2,
                'Bank transfer': 0.35,
                'Credit card': 0.35,
              },
            },
          },
        },
      },
      {
        name: 'monthly_charges',
        type: 'number',
        description: 'Monthly bill in dollars, by internet service.',
        decimals: 2,
        min: 18.25,
        max: 118.75,
        distribution: {
          kind: 'conditional',
          on: 'internet_service',
          cases: {
            DSL: { kind: 'normal', mean: 58, sd: 12 },
            'Fiber optic': { kind: 'normal', mean: 88, sd: 14 },
            No: { kind: 'normal', mean: 21, sd: 2.5 },
          },
        },
      },
      {
        name: 'total_charges',
        type: 'number',
        description: 'Charges over the whole tenure.',
        decimals: 2,
        min: 0,
        missing: 0.002,
        distribution: { kind: 'derived', expr: 'round(monthly_charges * tenure_months, 2)' },
      },
      {
        name: 'support_tickets',
        type: 'integer',
        description: 'Support tickets in the last year, by tenure band: new customers call more.',
        min: 0,
        max: 20,
        distribution: {
          kind: 'bands',
          on: 'tenure_months',
          bands: [
            { below: 12, distribution: { kind: 'poisson', lambda: 2.5 } },
            { below: 36, distribution: { kind: 'poisson', lambda: 1.5 } },
            { distribution: { kind: 'poisson', lambda: 0.8 } },
          ],
        },
      },
      {
        name: 'churn',
        type: 'boolean',
        description: 'Left in the last month. The intercept is solved so that about 26.5% churn.',
        distribution: {
          kind: 'logistic',
          rate: 0.265,
          values: ['No', 'Yes'],
          terms: [
            { coef: 1.1, expr: "contract = 'month-to-month'", description: 'no commitment' },
            { coef: 0.6, expr: "internet_service = 'Fiber optic'" },
            { coef: 0.5, expr: "payment_method = 'Electronic check'" },
            { coef: 0.4, expr: 'senior_citizen' },
            { coef: -0.035, expr: 'tenure_months', description: 'loyalty grows with time' },
            { coef: 0.25, expr: 'support_tickets' },
            { coef: 0.01, expr: 'monthly_charges' },
          ],
        },
      },
    ],
    constraints: [
      { expr: 'tenure_months >= 1 and tenure_months <= 72', description: 'Tenure is 1 to 72 months.' },
      { expr: 'monthly_charges > 0' },
      { expr: 'total_charges >= monthly_charges', description: 'At least one month was billed.' },
      { expr: 'support_tickets >= 0' },
      { expr: 'not is_missing(churn)', description: 'The target is always known.' },
    ],
  },
};
