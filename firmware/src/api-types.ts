// Kept so existing imports stay short: the contract lives in ./api/, one file per domain.
export * from './api/index.js';
