import type { Template } from './template';

export const loan: Template = {
  id: 'loan',
  title: 'Loan approval',
  description:
    'Loan applications: income, credit score, debt-to-income, purpose, amount, term, rate, the monthly installment by the EMI formula, and approval.',
  blueprint: {
    version: 1,
    name: 'loan_approval',
    description:
      "Loan applications. The rate falls with the credit score; the installment is the equal monthly installment (EMI) P·r·(1+r)^n / ((1+r)^n − 1) with r the monthly rate; approval rises with the credit score and falls with debt and the installment's share of income.",
    method: 'rules',
    rows: 5000,
    seed: 5,
    target: 'approved',
    output: { path: 'loan_approval.synthetic.csv', format: 'csv' },
    columns: [
      { name: 'application_id', type: 'id', unique: true, distribution: { kind: 'pattern', pattern: 'APP-{000000}' } },
      {
        name: 'annual_income',
        type: 'integer',
        description: 'Yearly income in dollars.',
        min: 15000,
        max: 600000,
        distribution: { kind: 'lognormal', meanlog: 11.08, sdlog: 0.45 },
      },
      {
        name: 'credit_score',
        type: 'integer',
        description: 'FICO-style score, 300 to 850.',
        min: 300,
        max: 850,
        distribution: { kind: 'truncatedNormal', mean: 690, sd: 70, low: 300, high: 850 },
      },
      {
        name: 'employment_type',
        type: 'category',
        distribution: {
          kind: 'categorical',
          probabilities: { salaried: 0.62, 'self-employed': 0.23, contract: 0.1, unemployed: 0.05 },
        },
      },
      {
        name: 'debt_to_income',
        type: 'number',
        description: 'Monthly debt payments over monthly income, before this loan.',
        decimals: 3,
        min: 0,
        max: 0.8,
        distribution: { kind: 'beta', alpha: 2.2, beta: 5.5, low: 0, high: 0.8 },
      },
      {
        name: 'loan_purpose',
        type: 'category',
        distribution: {
          kind: 'categorical',
          probabilities: { home: 0.2, car: 0.25, education: 0.12, personal: 0.3, business: 0.13 },
        },
      },
      {
        name: 'loan_amount',
        type: 'integer',
        description: 'Principal in dollars, by purpose.',
        min: 1000,
        max: 2000000,
        distribution: {
          kind: 'conditional',
          on: 'loan_purpose',
          cases: {
            home: { kind: 'lognormal', meanlog: 12.4, sdlog: 0.4 },
            car: { kind: 'lognormal', meanlog: 10.2, sdlog: 0.35 },
            education: { kind: 'lognormal', meanlog: 10.3, sdlog: 0.5 },
            personal: { kind: 'lognormal', meanlog: 9.4, sdlog: 0.6 },
            business: { kind: 'lognormal', meanlog: 11.0, sdlog: 0.7 },
          },
        },
      },
      {
        name: 'term_months',
        type: 'integer',
        description: 'Repayment period, by purpose.',
        distribution: {
          kind: 'conditional',
          on: 'loan_purpose',
          cases: {
            home: { kind: 'categorical', probabilities: { '120': 0.2, '180': 0.3, '240': 0.5 } },
            car: { kind: 'categorical', probabilities: { '36': 0.3, '48': 0.3, '60': 0.4 } },
            education: { kind: 'categorical', probabilities: { '60': 0.5, '84': 0.5 } },
            personal: { kind: 'categorical', probabilities: { '12': 0.2, '24': 0.3, '36': 0.5 } },
            business: { kind: 'categorical', probabilities: { '24': 0.3, '36': 0.4, '60': 0.3 } },
          },
        },
      },
      {
        name: 'interest_rate',
        type: 'number',
        description:
          'Yearly rate in percent: 4.5% plus 0.025 points per credit-score point below 850, plus 0.5 for terms over 5 years.',
        decimals: 2,
        min: 3.5,
        max: 24,
        distribution: { kind: 'derived', expr: '4.5 + (850 - credit_score) * 0.025 + if(term_months > 60, 0.5, 0)' },
      },
      {
        name: 'installment',
        type: 'number',
        description: 'Equal monthly installment (EMI) for the principal, rate and term.',
        decimals: 2,
        distribution: {
          kind: 'derived',
          expr: 'loan_amount * (interest_rate / 1200) * (1 + interest_rate / 1200) ^ term_months / ((1 + interest_rate / 1200) ^ term_months - 1)',
        },
      },
      {
        name: 'approved',
        type: 'boolean',
        description: 'The application was approved (about 62%).',
        distribution: {
          kind: 'logistic',
          rate: 0.62,
          values: ['N', 'Y'],
          terms: [
            { coef: 0.9, expr: '(credit_score - 650) / 50', description: 'per 50 credit-score points' },
            { coef: -6, expr: 'debt_to_income' },
            { coef: -4, expr: 'installment * 12 / annual_income', description: 'share of income the loan takes' },
            { coef: -2, expr: "employment_type = 'unemployed'" },
            { coef: -0.3, expr: "employment_type = 'self-employed'" },
          ],
        },
      },
    ],
    correlations: [{ columns: ['credit_score', 'debt_to_income'], r: -0.35 }],
    constraints: [
      { expr: 'credit_score >= 300 and credit_score <= 850' },
      { expr: 'debt_to_income >= 0 and debt_to_income < 1' },
      { expr: 'installment > 0' },
      { expr: 'installment * term_months >= loan_amount', description: 'Repayments cover the principal.' },
      {
        expr: 'abs(installment - loan_amount * (interest_rate / 1200) / (1 - (1 + interest_rate / 1200) ^ (-term_months))) <= 0.01',
        description: 'The installment follows the EMI formula.',
      },
    ],
  },
};
