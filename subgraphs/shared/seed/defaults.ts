/** A few thousand institutions: enough for realistic lists, seeded in seconds. */
export const DEFAULT_INSTITUTIONS = 3000;
export const DEFAULT_SEED = 2019;
export const DEFAULT_DATA_DIR = 'data';
