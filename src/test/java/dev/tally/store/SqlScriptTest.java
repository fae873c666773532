package dev.tally.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String script = """
                -- why; this file exists
                CREATE TABLE a (s String DEFAULT ';') ENGINE = Memory;
                /* a comment; with a semicolon */
                INSERT INTO a VALUES ('it\\'s; fine');
                SELECT `odd;name` FROM a
                """;
        assertThat(SqlScript.statements(script)).containsExactly(
                "CREATE TABLE a (s String DEFAULT ';') ENGINE = Memory",
                "INSERT INTO a VALUES ('it\\'s; fine')",
                "SELECT `odd;name` FROM a");
    }

    @Test
    void aScriptOfOnlyCommentsHasNoStatements() {
        assertThat(SqlScript.statements("-- nothing here;\n-- at all\n")).isEmpty();
    }
}
