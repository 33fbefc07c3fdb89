/** Runs once before every jest run: says plainly when the PostgreSQL tests will not run. */
export default function globalSetup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    process.stdout.write('\nPostgreSQL tests skipped: TEST_DATABASE_URL is not set (start one with: eval "$(bash scripts/test-postgres.sh start)")\n');
  }
}
