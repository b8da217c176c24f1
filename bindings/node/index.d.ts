/** The papers library this package carries (papers.so), or $PAPERS_EXTENSION when set. */
export declare function getLoadablePath(): string;

/** Loads the papers extension into a better-sqlite3 Database, or a node:sqlite
 *  DatabaseSync opened with { allowExtension: true }. */
export declare function load(db: { loadExtension(file: string, entryPoint?: string): unknown }): void;
