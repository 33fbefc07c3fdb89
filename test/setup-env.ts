import 'reflect-metadata';

// The project never phones home, tests included.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
