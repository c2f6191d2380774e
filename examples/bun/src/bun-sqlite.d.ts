// The part of Bun's `bun:sqlite` this example uses (Bun's own types are not installed here).
declare module 'bun:sqlite' {
  export class Database {
    constructor(path: string);
    exec(sql: string): unknown;
    prepare(sql: string): import('@mcp-oauth/store-sqlite').SyncSqliteStatement;
    close(): void;
  }
}
