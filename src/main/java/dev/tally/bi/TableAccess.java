package dev.tally.bi;

import java.util.Set;

/**
 * The tables one BI statement may read: the views of the key's own database and a few system tables
 * that metadata needs (themselves filtered to that database by {@code additional_table_filters}).
 */
final class TableAccess {
    static final Set<String> SYSTEM_TABLES = Set.of("one", "databases", "tables", "columns", "functions",
            "data_type_families", "table_functions", "settings", "table_engines");

    private final String viewDatabase;
    private final Set<String> views;
    private final String tallyDatabase;

    TableAccess(String viewDatabase, Set<String> views, String tallyDatabase) {
        this.viewDatabase = viewDatabase;
        this.views = Set.copyOf(views);
        this.tallyDatabase = tallyDatabase;
    }

    String viewDatabase() {
        return viewDatabase;
    }

    void requireReadable(String database, String table) {
        boolean readable = database.equals(viewDatabase) && views.contains(table)
                || database.equals("system") && SYSTEM_TABLES.contains(table);
        if (!readable) {
            throw BiRefusal.denied("table " + database + "." + table + " is not readable with this key; it reads "
                    + viewDatabase + "." + String.join(", " + viewDatabase + ".", views.stream().sorted().toList()));
        }
    }

    /**
     * A dotted name whose first part names another database ({@code x IN tally.events}) is refused at
     * parse time; the resolved check would refuse it too.
     */
    void requireNotForeignDatabase(String identifier) {
        int dot = identifier.indexOf('.');
        if (dot <= 0) {
            return;
        }
        String first = identifier.substring(0, dot);
        String rest = identifier.substring(dot + 1);
        boolean foreign = first.equals(tallyDatabase) || first.equalsIgnoreCase("information_schema")
                || first.equals("default") || first.startsWith("ws_") && !first.equals(viewDatabase)
                || first.equals("system") && !SYSTEM_TABLES.contains(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
        if (foreign) {
            throw BiRefusal.denied("identifier " + identifier + " names a database this key cannot read");
        }
    }
}
