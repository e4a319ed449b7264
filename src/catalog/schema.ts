// Temporary pointer while the catalog data is written; the schema lives in src/domain/catalog.ts.
export * from '../domain/catalog.js';
