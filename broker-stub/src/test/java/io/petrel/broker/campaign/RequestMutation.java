package io.petrel.broker.campaign;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * One way to spoil a valid request frame, keeping its size prefix true to its length (a wrong prefix only makes the
 * broker wait for bytes that never come, which the resource-limit tests cover). Offsets are drawn past the size
 * prefix; header mutations aim at the request header, the others at the whole frame.
 */
enum RequestMutation {
    /** Sent as generated: random but valid field values. */
    NONE {
        @Override
        byte[] apply(byte[] frame, Random random) {
            return frame;
        }
    },
    /** A 2- or 4-byte field (length, count, int) overwritten with an edge value: -1, 0, the largest, the smallest. */
    LENGTH_OR_COUNT {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] out = frame.clone();
            int width = random.nextBoolean() ? 2 : 4;
            if (out.length < 4 + width) {
                return out;
            }
            int at = 4 + random.nextInt(out.length - 4 - width + 1);
            int[] edges = {-1, 0, 1, Short.MAX_VALUE, Short.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7ff0, 1 << 24};
            int value = edges[random.nextInt(edges.length)];
            ByteBuffer b = ByteBuffer.wrap(out);
            if (width == 2) {
                b.putShort(at, (short) value);
            } else {
                b.putInt(at, value);
            }
            return out;
        }
    },
    /** A run of varint continuation bytes: an unsigned varint (compact length, count, tag) that never ends. */
    VARINT {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] out = frame.clone();
            int at = 4 + random.nextInt(out.length - 4);
            int run = 1 + random.nextInt(6);
            for (int i = at; i < Math.min(out.length, at + run); i++) {
                out[i] = (byte) (0x80 | random.nextInt(0x80));
            }
            return out;
        }
    },
    /** Bytes appended after the body as a tagged-field section: random tags, sizes that lie, duplicates. */
    TAGGED_FIELDS {
        @Override
        byte[] apply(byte[] frame, Random random) {
            ByteBuffer extra = ByteBuffer.allocate(64);
            int fields = random.nextInt(4);
            extra.put((byte) fields);
            for (int i = 0; i < fields; i++) {
                extra.put((byte) random.nextInt(0x80));
                int size = random.nextInt(3) == 0 ? 0x7f : random.nextInt(8);
                extra.put((byte) size);
                for (int k = 0; k < Math.min(size, 8); k++) {
                    extra.put((byte) random.nextInt());
                }
            }
            byte[] out = Arrays.copyOf(frame, frame.length - 1 + extra.position());
            System.arraycopy(extra.array(), 0, out, frame.length - 1, extra.position());
            return out;
        }
    },
    /** The frame cut short anywhere past its header's API key and version. */
    TRUNCATION {
        @Override
        byte[] apply(byte[] frame, Random random) {
            int keep = 4 + 4 + random.nextInt(Math.max(1, frame.length - 8));
            return Arrays.copyOf(frame, Math.min(keep, frame.length));
        }
    },
    /** One to eight bits flipped anywhere past the size prefix. */
    BIT_FLIPS {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] out = frame.clone();
            int flips = 1 + random.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = 4 + random.nextInt(out.length - 4);
                out[at] ^= (byte) (1 << random.nextInt(8));
            }
            return out;
        }
    },
    /** The header's API version, or the client id's length, set to something else. */
    HEADER {
        @Override
        byte[] apply(byte[] frame, Random random) {
            byte[] out = frame.clone();
            ByteBuffer b = ByteBuffer.wrap(out);
            switch (random.nextInt(3)) {
                case 0 -> b.putShort(6, (short) (random.nextInt(40) - 5));
                case 1 -> b.putShort(6, (short) random.nextInt());
                default -> b.putShort(12, (short) (random.nextInt(0x10000) - 0x8000));
            }
            return out;
        }
    };

    /** The spoiled frame: size prefix included, set to the new length. */
    final byte[] spoil(byte[] frame, Random random) {
        byte[] out = apply(frame, random);
        ByteBuffer.wrap(out).putInt(0, out.length - 4);
        return out;
    }

    abstract byte[] apply(byte[] frame, Random random);
}
