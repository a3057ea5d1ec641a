// Parquet through embedded DuckDB (@duckdb/node-api), imported only when a
// Parquet file is read or written: CSV and JSON Lines never load it.
import { SourceError } from './sources.ts';
import { duckdb } from '../sql/dialect.ts';

export interface DuckDB {
  connection: import('@duckdb/node-api').DuckDBConnection;
  close(): void;
}

export async function connectDuckDB(): Promise<DuckDB> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    throw new SourceError('batch.parquetUnavailable', { detail: (e as Error).message });
  }
  const instance = await api.DuckDBInstance.create(':memory:', { threads: '1', preserve_insertion_order: 'true' });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Converts a finished CSV file of results to Parquet. DuckDB streams the copy,
 * so memory does not grow with the file. Amounts become DECIMAL(18,2): exact.
 */
export async function csvToParquet(csvPath: string, parquetPath: string, types: Record<string, string>): Promise<void> {
  const db = await connectDuckDB();
  try {
    const cols = `{${Object.entries(types)
      .map(([k, v]) => `${duckdb.str(k)}: ${duckdb.str(v)}`)
      .join(', ')}}`;
    await db.connection.run(
      `COPY (SELECT * FROM read_csv(${duckdb.str(csvPath)}, header = true, delim = ',', columns = ${cols}, quote = '"', escape = '"', nullstr = '')) TO ${duckdb.str(parquetPath)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
}
