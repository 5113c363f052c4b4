export * from './repair/repair-timeline';
