// Embedded DuckDB (@duckdb/node-api): the default engine. Imported only when
// SQL is run, so the rest of the compiler never loads the native module.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface Duck {
  connection: DuckDBConnection;
  /** Runs statements that return nothing. */
  run(sql: string): Promise<void>;
  /** Runs a query; rows as JSON-safe objects (DECIMAL and HUGEINT as exact strings). */
  all(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

export class EngineUnavailable extends Error {}

export interface DuckOptions {
  threads?: number;
  /** DuckDB's memory_limit ('1GB'); beyond it, operators and tables spill to `tempDirectory`. */
  memoryLimit?: string;
  /** A database file (its tables live on disk); default: in memory. */
  path?: string;
  tempDirectory?: string;
  /** Keep rows in insertion order (default true: a Parquet source read with OFFSET relies on it). */
  preserveInsertionOrder?: boolean;
}

export async function openDuckDB(options: DuckOptions = {}): Promise<Duck> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    throw new EngineUnavailable(`@duckdb/node-api cannot be loaded: ${(e as Error).message}`);
  }
  const config: Record<string, string> = { preserve_insertion_order: String(options.preserveInsertionOrder ?? true) };
  if (options.threads) config['threads'] = String(options.threads);
  if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
  if (options.tempDirectory) config['temp_directory'] = options.tempDirectory;
  const instance: DuckDBInstance = await api.DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  return {
    connection,
    async run(sql) {
      await connection.run(sql);
    },
    async all(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
