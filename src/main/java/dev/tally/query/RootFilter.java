package dev.tally.query;

/** The seed's {@code root} parameter: root-domain links only, ordinary links only, or both. */
public enum RootFilter {
    ANY, ROOT_ONLY, LINKS_ONLY;

    /** The key a domain's root link is stored under. */
    public static final String ROOT_KEY = "_root";
}
