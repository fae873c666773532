package dev.tally.runner;

/** A value the runner answered with, and whether it came from the result cache. */
public record Cached<T>(T value, boolean hit) {
    /** The {@code X-Tally-Cache} header value of an answer made of these parts: {@code hit} only when every part was one. */
    public static String header(boolean allHit) {
        return allHit ? "hit" : "miss";
    }
}
