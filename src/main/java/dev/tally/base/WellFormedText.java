package dev.tally.base;

import java.util.function.Function;

/**
 * Whether a string is well-formed Unicode: no lone surrogate (a JSON body can spell one as {@code \udfff}),
 * since such a string has no UTF-8 form; stored anyway, it came back as bytes no JSON reader accepts and
 * stopped Tally from starting (issue 11, defect 11). Every text field of every request body is checked.
 */
public final class WellFormedText {
    private WellFormedText() {
    }

    /**
     * A request's text field as stored: {@code ""} when absent, else the value if it is at most {@code maxLength}
     * characters of well-formed text; otherwise the surface's own exception, made by {@code invalid} from the
     * message naming the field.
     */
    public static String field(String name, String value, int maxLength, Function<String, ? extends RuntimeException> invalid) {
        if (value == null) {
            return "";
        }
        if (value.length() > maxLength) {
            throw invalid.apply(name + " must be at most " + maxLength + " characters");
        }
        return wellFormed(name, value, invalid);
    }

    /** {@code value} if it is well-formed text, else the surface's exception naming the field. */
    public static String wellFormed(String name, String value, Function<String, ? extends RuntimeException> invalid) {
        if (!isWellFormed(value)) {
            throw invalid.apply(name + " is not valid Unicode text (it has a lone surrogate)");
        }
        return value;
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
