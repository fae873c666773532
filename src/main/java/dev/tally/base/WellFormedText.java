package dev.tally.base;

/**
 * Whether a string is well-formed Unicode: no lone surrogate (a JSON body can spell one as {@code \udfff}),
 * since such a string has no UTF-8 form; stored anyway, it came back as bytes no JSON reader accepts and
 * stopped Tally from starting (issue 11, defect 11). Every text field of every request body is checked.
 */
public final class WellFormedText {
    private WellFormedText() {
    }

    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
