export * from './codes.ts';
export * from './create.ts';
