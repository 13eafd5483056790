export * from './jwt.js';
export * from './middleware.js';
