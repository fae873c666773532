package dev.tally.bi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step three of the guard: reads {@code EXPLAIN QUERY TREE}, where every name is resolved (so
 * {@code 'x' IN tally.events}, an unqualified name and a CTE all show as the table they really read),
 * and allows only readable tables, the allowed table functions and allowed functions.
 *
 * <p>Tricky: column names and aliases are printed raw here too. The analyzer names every table
 * expression {@code __tableN} itself, and the patterns take the last {@code function_name:} of a line,
 * so user text can neither hide a real entry nor change one; a line that mentions a table or function
 * anywhere but in its own entry is refused.
 */
final class QueryTreeCheck {
    private static final Pattern TABLE = Pattern.compile(
            "^TABLE id: \\d+(?:, alias: __table\\d+)?, table_name: ([A-Za-z0-9_]+)\\.([A-Za-z0-9_\\-]+)(, temporary_table_name: [^\\p{Cntrl}]+)?$");
    private static final Pattern TABLE_FUNCTION = Pattern.compile(
            "^TABLE_FUNCTION id: \\d+(?:, alias: __table\\d+)?, table_function_name: ([A-Za-z0-9_]+)$");
    private static final Pattern FUNCTION = Pattern.compile(
            "^FUNCTION id: \\d+, .*function_name: ([A-Za-z0-9_]+), function_type: (ordinary|aggregate|window), result_type: .*$");
    private static final String TEMPORARY_DATABASE = "_temporary_and_external_tables";

    private final FunctionCatalog functions;
    private final TableAccess tables;

    QueryTreeCheck(FunctionCatalog functions, TableAccess tables) {
        this.functions = functions;
        this.tables = tables;
    }

    void check(String explainOutput) {
        for (String rawLine : explainOutput.split("\n", -1)) {
            String line = rawLine.strip();
            if (line.startsWith("TABLE id:")) {
                Matcher table = matchOrRefuse(TABLE, line);
                // A recursive CTE's working set is an engine-made temporary table; nothing else can be one here.
                if (!(table.group(1).equals(TEMPORARY_DATABASE) && table.group(3) != null)) {
                    tables.requireReadable(table.group(1), table.group(2));
                }
            } else if (line.startsWith("TABLE_FUNCTION id:")) {
                Matcher function = matchOrRefuse(TABLE_FUNCTION, line);
                if (!FunctionCatalog.allowsTableFunction(function.group(1))) {
                    throw BiRefusal.denied("table function " + function.group(1) + " is not allowed");
                }
            } else if (line.startsWith("FUNCTION id:")) {
                Matcher function = matchOrRefuse(FUNCTION, line);
                if (!functions.allows(function.group(1))) {
                    throw BiRefusal.denied("function " + function.group(1) + " is not allowed");
                }
            } else if (line.contains("table_name:") || line.contains("function_name:")) {
                throw BiRefusal.denied("the statement's resolved tree did not parse; rename unusual identifiers");
            }
        }
    }

    private static Matcher matchOrRefuse(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.matches()) {
            throw BiRefusal.denied("the statement's resolved tree did not parse; rename unusual identifiers");
        }
        return matcher;
    }
}
