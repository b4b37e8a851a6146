package io.petrel.protocol.record;

/** The UTF-8 length of a string without encoding it, for size estimates. */
final class Utf8 {
    private Utf8() {
    }

    /** The bytes {@code s.getBytes(UTF_8)} would give; an unpaired surrogate counts as the one byte of its '?'. */
    static int length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2;
                i++;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            }
        }
        return bytes;
    }
}
