export * from './uscc';
export * from './resident-id';
export * from './person-hash';
