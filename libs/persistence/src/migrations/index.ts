import { CoreSchema1764000000000 } from './1764000000000-CoreSchema';

/** In order. A new migration is generated as `<timestamp>-<Name>.ts` and appended here. */
export const MIGRATIONS = [CoreSchema1764000000000];
