export { expenseContentId, expenseKey } from './key.js';
export { LAYOUT_NAMES, LAYOUTS } from './layouts.js';
export { type ExpenseBatch, type ExpenseFile, type ExpenseReadOptions, type ExpenseRecord, openExpenseFile, type RowProblem } from './read.js';
