export * from './destination/cloud';
