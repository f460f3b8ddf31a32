import { fileURLToPath } from 'node:url';

/** The repository's `data/` folder (real public data shipped with the code). */
export const DEFAULT_SEED_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
