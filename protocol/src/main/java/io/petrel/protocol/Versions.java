package io.petrel.protocol;

/**
 * An inclusive range of API versions, written as Kafka's message specs write them: {@code "3+"},
 * {@code "0-8"}, {@code "5"} or {@code "none"}.
 *
 * <p>Versions are data in Petrel's schemas: every field says in which versions it exists, is nullable,
 * or is tagged, and the codec asks the range rather than branching per version.
 */
public record Versions(short lowest, short highest) {
    /** Matches no version. */
    public static final Versions NONE = new Versions((short) 0, (short) -1);
    /** Matches every version from 0 on. */
    public static final Versions ALL = new Versions((short) 0, Short.MAX_VALUE);

    public static Versions parse(String text) {
        String s = text.trim();
        try {
            if (s.equals("none")) {
                return NONE;
            }
            if (s.endsWith("+")) {
                return new Versions(Short.parseShort(s.substring(0, s.length() - 1)), Short.MAX_VALUE);
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                return new Versions(Short.parseShort(s.substring(0, dash)), Short.parseShort(s.substring(dash + 1)));
            }
            short single = Short.parseShort(s);
            return new Versions(single, single);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Bad version range '" + text + "': expected 'N+', 'N-M', 'N' or 'none'", e);
        }
    }

    public boolean contains(short version) {
        return version >= lowest && version <= highest;
    }

    public boolean isEmpty() {
        return highest < lowest;
    }

    /** The versions in both ranges. */
    public Versions intersect(Versions other) {
        short lo = (short) Math.max(lowest, other.lowest);
        short hi = (short) Math.min(highest, other.highest);
        return hi < lo ? NONE : new Versions(lo, hi);
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "none";
        }
        if (highest == Short.MAX_VALUE) {
            return lowest + "+";
        }
        return lowest == highest ? Short.toString(lowest) : lowest + "-" + highest;
    }
}
