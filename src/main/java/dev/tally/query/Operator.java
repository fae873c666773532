package dev.tally.query;

/** A filter keeps events whose value is one of the listed ({@code INCLUDE}) or none of them ({@code EXCLUDE}). */
public enum Operator {
    INCLUDE, EXCLUDE
}
