package dev.tally.store;

/**
 * The engine parser's verdict on a statement text, without running it.
 *
 * @param statementCount executable statements in the text (0 when it does not parse)
 * @param statementClass the strongest class among them
 */
public record StatementAnalysis(int statementCount, StatementClass statementClass) {
}
