export * from './normalize';
export * from './similarity';
export * from './blocking';
export * from './types';
export * from './contacts';
export * from './companies';
export * from './synthetic';
