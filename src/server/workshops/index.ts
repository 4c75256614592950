export * from './codes.ts';
export * from './create.ts';
export * from './pemda.ts';
