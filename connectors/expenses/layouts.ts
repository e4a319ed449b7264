/**
 * Export layouts recognised by their header names, never by column positions: vendors reorder
 * and add columns between releases. Header names are compared after `normaliseHeader`, so
 * "Merchant Name", "merchant_name" and "MERCHANT-NAME" are the same.
 */

export const EXPENSE_FIELDS = ['date', 'merchant', 'amount', 'debit', 'credit', 'currency', 'employee', 'category', 'memo', 'id'] as const;
export type ExpenseField = (typeof EXPENSE_FIELDS)[number];

export type DateOrder = 'mdy' | 'dmy';

export interface Layout {
  name: string;
  label: string;
  /** Every group must be present (any one header of a group) for the layout to be recognised. */
  signature: string[][];
  /** Header aliases per field, most specific first. */
  columns: Partial<Record<ExpenseField, string[]>>;
  /** Card statements that show purchases as negative amounts get -1. */
  amountSign?: 1 | -1;
  /** Fixed for exports that always write one order; otherwise inferred from the data. */
  dateOrder?: DateOrder;
}

export function normaliseHeader(header: string): string {
  return header
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const GENERIC_COLUMNS: Layout['columns'] = {
  date: ['date', 'transaction date', 'trans date', 'posted date', 'posting date', 'post date', 'booking date', 'value date', 'purchase date', 'expense date', 'spend date'],
  merchant: ['merchant', 'merchant name', 'merchant descriptor', 'description', 'payee', 'vendor', 'vendor name', 'supplier', 'counterparty', 'name', 'details'],
  amount: ['amount', 'transaction amount', 'total', 'total amount', 'value', 'billing amount', 'amount usd'],
  debit: ['debit', 'debit amount', 'withdrawal', 'withdrawals', 'paid out', 'money out'],
  credit: ['credit', 'credit amount', 'deposit', 'deposits', 'paid in', 'money in'],
  currency: ['currency', 'currency code', 'ccy', 'transaction currency', 'billing currency'],
  employee: ['employee', 'employee name', 'cardholder', 'card holder', 'cardholder name', 'card member', 'user', 'name on card', 'spender', 'owner'],
  category: ['category', 'expense category', 'expense type', 'type of expense', 'gl category'],
  memo: ['memo', 'notes', 'note', 'comment', 'comments', 'purpose', 'business purpose'],
  id: ['transaction id', 'id', 'reference number', 'expense id'],
};

export const LAYOUTS: Layout[] = [
  {
    name: 'ramp',
    label: 'Ramp',
    signature: [['merchant name', 'merchant descriptor'], ['user transaction time', 'transaction time', 'sk category name', 'ramp category'], ['user', 'card holder', 'cardholder']],
    columns: {
      date: ['user transaction time', 'transaction time', 'transaction date', 'settlement date', 'date'],
      merchant: ['merchant descriptor', 'merchant name', 'merchant'],
      amount: ['amount', 'transaction amount'],
      currency: ['currency code', 'currency', 'original currency'],
      employee: ['user', 'card holder', 'cardholder', 'employee'],
      category: ['sk category name', 'ramp category', 'category', 'accounting category'],
      memo: ['memo', 'notes'],
      id: ['transaction id', 'id'],
    },
  },
  {
    name: 'brex',
    label: 'Brex',
    signature: [['posted at date', 'initiated at date', 'posted at', 'initiated at'], ['raw descriptor', 'description', 'merchant', 'merchant name']],
    columns: {
      date: ['initiated at date', 'initiated at', 'posted at date', 'posted at', 'date'],
      merchant: ['raw descriptor', 'merchant', 'merchant name', 'description'],
      amount: ['amount', 'amount amount', 'billing amount'],
      currency: ['currency', 'amount currency', 'billing currency'],
      employee: ['user', 'card member', 'cardholder', 'initiated by', 'employee'],
      category: ['category', 'expense category', 'merchant category'],
      memo: ['memo', 'notes'],
      id: ['id', 'transaction id', 'expense id'],
    },
  },
  {
    name: 'expensify',
    label: 'Expensify',
    signature: [['timestamp'], ['merchant'], ['original currency', 'original amount', 'mcc', 'reimbursable']],
    columns: {
      date: ['timestamp', 'date'],
      merchant: ['merchant'],
      amount: ['original amount', 'amount'],
      currency: ['original currency', 'currency'],
      employee: ['employee', 'email', 'submitter', 'report owner'],
      category: ['category'],
      memo: ['comment', 'description', 'tag'],
      id: ['transaction id', 'transactionid', 'expense id'],
    },
  },
  {
    name: 'concur',
    label: 'SAP Concur',
    signature: [['expense type'], ['vendor', 'vendor description', 'vendor name'], ['transaction date']],
    columns: {
      date: ['transaction date'],
      merchant: ['vendor description', 'vendor', 'vendor name'],
      amount: ['transaction amount', 'expense amount', 'amount', 'approved amount', 'posted amount'],
      currency: ['transaction currency', 'currency', 'currency code', 'reimbursement currency'],
      employee: ['employee', 'employee name', 'employee id'],
      category: ['expense type'],
      memo: ['business purpose', 'comment', 'description'],
      id: ['entry id', 'report entry id', 'expense id'],
    },
  },
  {
    name: 'navan',
    label: 'Navan',
    signature: [['merchant', 'merchant name'], ['transaction date', 'date'], ['traveler', 'traveler email', 'user email', 'employee email'], ['expense policy', 'policy', 'booking type', 'trip id']],
    columns: {
      date: ['transaction date', 'date'],
      merchant: ['merchant', 'merchant name'],
      amount: ['amount', 'transaction amount', 'total amount'],
      currency: ['currency', 'transaction currency'],
      employee: ['traveler', 'traveler email', 'user email', 'employee email', 'employee name', 'user'],
      category: ['expense type', 'category'],
      memo: ['description', 'memo', 'purpose'],
      id: ['transaction id', 'expense id', 'id'],
    },
  },
  {
    // Chase credit card download: purchases are negative, payments positive.
    name: 'chase',
    label: 'Chase card statement',
    signature: [['transaction date'], ['post date'], ['description'], ['type'], ['amount']],
    columns: {
      date: ['transaction date'],
      merchant: ['description'],
      amount: ['amount'],
      category: ['category'],
      memo: ['memo'],
    },
    amountSign: -1,
    dateOrder: 'mdy',
  },
  {
    // American Express download: charges positive, credits negative.
    name: 'amex',
    label: 'American Express card statement',
    signature: [['date'], ['description'], ['amount'], ['card member', 'appears on your statement as', 'extended details', 'account']],
    columns: {
      date: ['date'],
      merchant: ['appears on your statement as', 'description'],
      amount: ['amount'],
      employee: ['card member'],
      category: ['category'],
      memo: ['extended details'],
      id: ['reference'],
    },
  },
  {
    name: 'generic',
    label: 'Generic (date, merchant or description, amount, optional currency, employee, category, memo)',
    signature: [GENERIC_COLUMNS.date!, GENERIC_COLUMNS.merchant!, [...GENERIC_COLUMNS.amount!, ...GENERIC_COLUMNS.debit!]],
    columns: GENERIC_COLUMNS,
  },
];

export const LAYOUT_NAMES = LAYOUTS.map((layout) => layout.name);
