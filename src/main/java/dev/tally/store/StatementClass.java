package dev.tally.store;

/** What a statement does to state that outlives it, as the engine's parser decides ({@code chdb_query_class}). */
public enum StatementClass {
    /** SELECT, SHOW, DESCRIBE, EXPLAIN. */
    READ_ONLY,
    /** INSERT, CREATE, ALTER, DROP… inside a database. */
    MUTATING,
    /** UDFs, named collections, access entities, writes into {@code system}. */
    MUTATING_GLOBAL,
    /** USE, SET, SYSTEM, KILL, BACKUP, RESTORE, writes outside the engine. */
    CONTROL,
    /** Did not parse, or nothing the engine classifies: a refusal for any caller gating on the class. */
    UNKNOWN;

    static StatementClass of(int code) {
        return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
    }
}
