package dev.chorus.core;

/** Checks of Java strings as the UTF-16 they are, for what must travel as UTF-8 (ids, keys, text of requests). */
public final class Utf16 {
    private Utf16() {}

    /** The index of the first surrogate that is not half of a pair, or -1 when the text is valid UTF-16. */
    public static int loneSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
