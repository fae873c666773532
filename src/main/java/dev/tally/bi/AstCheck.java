package dev.tally.bi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step two of the guard: reads the output of {@code EXPLAIN AST} (parse only, nothing evaluated) and
 * allows only known node types, tables of the workspace's view database and a few system tables, and
 * allowed functions. Any {@code SETTINGS} (the {@code Set} node, wherever it is), {@code FORMAT} or
 * {@code INTO OUTFILE} (extra children of a query) is refused.
 *
 * <p>Tricky: the dump prints identifiers raw, so a quoted identifier holding a newline can forge lines.
 * The dump is therefore parsed structurally (exact indentation, the declared child counts, no children
 * under leaves) and anything that does not parse is refused; and every line is judged on its own, so a
 * forged line can add something to refuse but never hide a real one.
 */
final class AstCheck {
    private static final Pattern CHILDREN = Pattern.compile("^(.*) \\(children (\\d+)\\)$");
    private static final Pattern LINE = Pattern.compile("^( *)([A-Za-z]+(?:::[A-Za-z]+)?)(?: ([^\\p{Cntrl}]*))?$");
    private static final Pattern ALIAS = Pattern.compile("^(.*?) \\(alias [^\\p{Cntrl}]*\\)$");
    private static final Pattern TABLE_NAME = Pattern.compile("^(?:([A-Za-z0-9_]+)\\.)?([A-Za-z0-9_]+)$");

    private static final Set<String> BRANCHES = Set.of("SelectWithUnionQuery", "SelectIntersectExceptQuery", "SelectQuery",
            "ExpressionList", "TablesInSelectQuery", "TablesInSelectQueryElement", "TableExpression", "TableJoin",
            "ArrayJoin", "Subquery", "Function", "Asterisk", "QualifiedAsterisk", "ColumnsTransformerList",
            "ColumnsExceptTransformer", "ColumnsReplaceTransformer", "ColumnsReplaceTransformer::Replacement",
            "ColumnsApplyTransformer", "OrderByElement", "WindowDefinition", "WindowListElement", "WithElement",
            "InterpolateElement", "ColumnsListMatcher", "QualifiedColumnsListMatcher", "QualifiedColumnsRegexpMatcher");
    private static final Set<String> LEAVES = Set.of("Identifier", "TableIdentifier", "Literal", "ColumnsRegexpMatcher");

    private final FunctionCatalog functions;
    private final TableAccess tables;

    AstCheck(FunctionCatalog functions, TableAccess tables) {
        this.functions = functions;
        this.tables = tables;
    }

    void check(String explainOutput) {
        List<Node> nodes = parse(explainOutput);
        if (nodes.isEmpty() || !nodes.getFirst().type().equals("SelectWithUnionQuery")) {
            throw BiRefusal.denied("only SELECT statements are allowed");
        }
        int end = consume(nodes, 0, 0);
        if (end != nodes.size()) {
            throw BiRefusal.denied("the statement's syntax tree did not parse; rename unusual identifiers");
        }
        for (Node node : nodes) {
            judge(node);
        }
    }

    private void judge(Node node) {
        switch (node.type()) {
            case "SelectWithUnionQuery" -> {
                if (node.children() != 1) {
                    throw BiRefusal.denied("FORMAT (other than at the very end), INTO OUTFILE and SETTINGS are not allowed");
                }
            }
            case "TableIdentifier" -> {
                Matcher name = TABLE_NAME.matcher(node.value());
                if (!name.matches()) {
                    throw BiRefusal.denied("table name " + node.value() + " is not allowed");
                }
                if (name.group(1) != null) {
                    tables.requireReadable(name.group(1), name.group(2));
                }
            }
            case "Identifier" -> tables.requireNotForeignDatabase(node.value());
            case "Function" -> {
                if (!functions.allows(node.value()) && !FunctionCatalog.allowsTableFunction(node.value())) {
                    throw BiRefusal.denied("function " + node.value() + " is not allowed");
                }
            }
            default -> {
                // Other allowed node types carry nothing to judge.
            }
        }
    }

    /** Consumes the node at {@code index} (at {@code depth}) and its declared children; returns the next index. */
    private static int consume(List<Node> nodes, int index, int depth) {
        if (index >= nodes.size() || nodes.get(index).depth() != depth) {
            throw BiRefusal.denied("the statement's syntax tree did not parse; rename unusual identifiers");
        }
        Node node = nodes.get(index);
        int next = index + 1;
        for (int child = 0; child < node.children(); child++) {
            next = consume(nodes, next, depth + 1);
        }
        return next;
    }

    private static List<Node> parse(String output) {
        List<Node> nodes = new ArrayList<>();
        for (String line : output.stripTrailing().split("\n", -1)) {
            int children = 0;
            Matcher counted = CHILDREN.matcher(line);
            if (counted.matches()) {
                line = counted.group(1);
                children = Integer.parseInt(counted.group(2));
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw BiRefusal.denied("the statement's syntax tree did not parse; rename unusual identifiers");
            }
            String type = matcher.group(2);
            if (type.equals("Set")) {
                throw BiRefusal.denied("SETTINGS clauses are not allowed; send settings as URL parameters");
            }
            boolean leaf = LEAVES.contains(type);
            if (!leaf && !BRANCHES.contains(type) || leaf && children > 0) {
                throw BiRefusal.denied("statements with " + type + " are not allowed");
            }
            String value = matcher.group(3) == null ? "" : matcher.group(3);
            Matcher alias = ALIAS.matcher(value);
            nodes.add(new Node(matcher.group(1).length(), type, alias.matches() ? alias.group(1) : value, children));
        }
        return nodes;
    }

    private record Node(int depth, String type, String value, int children) {
    }
}
