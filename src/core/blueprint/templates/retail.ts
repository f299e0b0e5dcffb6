import type { Template } from './template';

export const retail: Template = {
  id: 'retail',
  title: 'Retail sales',
  description:
    'Order lines over two years with growth and a December peak: region, channel, category, price, quantity, discount, revenue, returns.',
  blueprint: {
    version: 1,
    name: 'retail_sales',
    description:
      'Order lines of a retailer, 2023-2024. Sales grow 15% a year and peak in December; weekends are busier. Revenue is quantity x price less the discount.',
    method: 'rules',
    rows: 10000,
    seed: 7,
    target: 'returned',
    output: { path: 'retail_sales.synthetic.csv', format: 'csv' },
    columns: [
      { name: 'order_id', type: 'id', unique: true, distribution: { kind: 'pattern', pattern: 'ORD-{000000}' } },
      {
        name: 'order_date',
        type: 'datetime',
        format: 'YYYY-MM-DD',
        resolution: 'day',
        distribution: {
          kind: 'dates',
          start: '2023-01-01',
          end: '2024-12-31',
          trend: 0.15,
          seasonality: { amplitude: 0.35, peakMonth: 12 },
          weekdays: [0.9, 0.9, 0.95, 1, 1.15, 1.4, 1.2],
        },
      },
      {
        name: 'region',
        type: 'category',
        distribution: { kind: 'categorical', probabilities: { North: 0.27, South: 0.23, East: 0.28, West: 0.22 } },
      },
      {
        name: 'channel',
        type: 'category',
        description: 'Online is more common in the East and West.',
        distribution: {
          kind: 'conditional',
          on: 'region',
          cases: {
            North: { kind: 'categorical', probabilities: { online: 0.35, 'in-store': 0.65 } },
            South: { kind: 'categorical', probabilities: { online: 0.3, 'in-store': 0.7 } },
            East: { kind: 'categorical', probabilities: { online: 0.55, 'in-store': 0.45 } },
            West: { kind: 'categorical', probabilities: { online: 0.6, 'in-store': 0.4 } },
          },
        },
      },
      {
        name: 'product_category',
        type: 'category',
        distribution: {
          kind: 'categorical',
          probabilities: { Electronics: 0.18, Clothing: 0.3, Home: 0.2, Grocery: 0.22, Toys: 0.1 },
        },
      },
      {
        name: 'unit_price',
        type: 'number',
        description: 'Price of one unit in dollars, by category.',
        decimals: 2,
        min: 0.5,
        max: 5000,
        distribution: {
          kind: 'conditional',
          on: 'product_category',
          cases: {
            Electronics: { kind: 'lognormal', meanlog: 5.0, sdlog: 0.8 },
            Clothing: { kind: 'lognormal', meanlog: 3.4, sdlog: 0.5 },
            Home: { kind: 'lognormal', meanlog: 3.7, sdlog: 0.7 },
            Grocery: { kind: 'lognormal', meanlog: 1.6, sdlog: 0.6 },
            Toys: { kind: 'lognormal', meanlog: 2.9, sdlog: 0.6 },
          },
        },
      },
      {
        name: 'quantity',
        type: 'integer',
        min: 1,
        max: 50,
        distribution: {
          kind: 'conditional',
          on: 'product_category',
          cases: { Grocery: { kind: 'poisson', lambda: 4 } },
          default: { kind: 'poisson', lambda: 1.3 },
        },
      },
      {
        name: 'discount_pct',
        type: 'integer',
        description: 'Percent off the line; online discounts are larger.',
        min: 0,
        max: 100,
        distribution: {
          kind: 'conditional',
          on: 'channel',
          cases: {
            online: { kind: 'beta', alpha: 2, beta: 8, low: 0, high: 60 },
            'in-store': { kind: 'beta', alpha: 1.2, beta: 12, low: 0, high: 50 },
          },
        },
      },
      {
        name: 'revenue',
        type: 'number',
        description: 'quantity x unit price, less the discount.',
        decimals: 2,
        min: 0,
        distribution: { kind: 'derived', expr: 'round(quantity * unit_price * (1 - discount_pct / 100), 2)' },
      },
      {
        name: 'returned',
        type: 'boolean',
        description: 'The line was returned; clothing and online orders come back more often. About 8% overall.',
        distribution: {
          kind: 'logistic',
          rate: 0.08,
          terms: [
            { coef: 1.0, expr: "product_category = 'Clothing'" },
            { coef: 0.4, expr: "product_category = 'Electronics'" },
            { coef: 0.5, expr: "channel = 'online'" },
            { coef: 0.02, expr: 'discount_pct' },
            { coef: -0.8, expr: "product_category = 'Grocery'" },
          ],
        },
      },
    ],
    constraints: [
      { expr: 'discount_pct >= 0 and discount_pct <= 100', description: 'A discount is a percentage.' },
      { expr: 'revenue >= 0', description: 'No negative revenue.' },
      { expr: 'quantity >= 1' },
      { expr: 'revenue <= quantity * unit_price + 0.01', description: 'A discount never raises the price.' },
      { expr: "order_date >= '2023-01-01' and order_date <= '2024-12-31'" },
    ],
  },
};
