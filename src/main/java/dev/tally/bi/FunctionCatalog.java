package dev.tally.bi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which functions a BI statement may call: every function of the engine is listed in
 * {@code bi/functions.tsv} as allowed or denied (reviewed by category, see the file's head); a name not
 * listed is denied. Aggregate combinators ({@code sumIf}, {@code uniqMerge}, {@code countStateIf}…) are
 * allowed when their base aggregate is. Table functions are a separate, short list.
 */
public final class FunctionCatalog {
    /** The only table functions a BI statement may use: they read nothing stored. */
    public static final Set<String> TABLE_FUNCTIONS = Set.of("numbers", "values");

    /** Names the parser produces that are syntax, not functions of {@code system.functions}. */
    private static final Set<String> SYNTAX = Set.of("lambda", "countDistinct");

    /** Aggregate combinator suffixes, longest first so {@code MergeState} is stripped before {@code State}. */
    private static final List<String> COMBINATORS = List.of("SimpleState", "MergeState", "OrDefault", "Distinct",
            "Resample", "ForEach", "ArgMin", "ArgMax", "OrNull", "State", "Merge", "Array", "Map", "If");

    private final Map<String, Entry> exact;
    private final Map<String, Entry> caseInsensitive;

    private FunctionCatalog(Map<String, Entry> exact) {
        this.exact = Map.copyOf(exact);
        Map<String, Entry> lower = new HashMap<>();
        exact.forEach((name, entry) -> {
            if (entry.caseInsensitive()) {
                lower.put(name.toLowerCase(Locale.ROOT), entry);
            }
        });
        this.caseInsensitive = Map.copyOf(lower);
    }

    /** The catalog shipped with Tally. */
    public static FunctionCatalog bundled() {
        try (InputStream in = FunctionCatalog.class.getResourceAsStream("/bi/functions.tsv")) {
            if (in == null) {
                throw new IllegalStateException("bi/functions.tsv is missing from the class path");
            }
            Map<String, Entry> entries = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 5);
                entries.put(fields[0], new Entry(fields[1].equals("allow"), fields[2].equals("1"), fields[3].equals("1")));
            }
            return new FunctionCatalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every name the catalog classifies, allowed or denied. */
    public Set<String> classifiedNames() {
        return new HashSet<>(exact.keySet());
    }

    /** Whether a statement may call {@code name} as an ordinary or aggregate function. */
    public boolean allows(String name) {
        if (SYNTAX.contains(name)) {
            return true;
        }
        Entry entry = lookup(name);
        return entry != null ? entry.allowed() : allowsCombined(name);
    }

    /** Whether a statement may use {@code name} as a table function. */
    public static boolean allowsTableFunction(String name) {
        return TABLE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** An allowed aggregate with combinator suffixes ({@code uniqCombined64MergeIf} = uniqCombined64 + Merge + If). */
    private boolean allowsCombined(String name) {
        for (String combinator : COMBINATORS) {
            if (name.length() > combinator.length() && name.endsWith(combinator)) {
                String base = name.substring(0, name.length() - combinator.length());
                Entry entry = lookup(base);
                boolean allowed = entry != null ? entry.allowed() && entry.aggregate()
                        : base.equals("countDistinct") || allowsCombined(base);
                if (allowed) {
                    return true;
                }
            }
        }
        return false;
    }

    private Entry lookup(String name) {
        Entry entry = exact.get(name);
        return entry != null ? entry : caseInsensitive.get(name.toLowerCase(Locale.ROOT));
    }

    private record Entry(boolean allowed, boolean caseInsensitive, boolean aggregate) {
    }
}
