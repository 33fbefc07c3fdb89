/** Header on every subgraph GraphQL response: the SQL statements it cost, for batching tests and benchmarks. */
export const SQL_QUERIES_HEADER = 'x-sql-queries';
