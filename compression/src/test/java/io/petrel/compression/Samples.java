package io.petrel.compression;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Inputs shared by the tests, all deterministic; public for the tests of {@code internal} classes. */
public final class Samples {

    public static final int KB = 1024;
    static final int MB = 1024 * 1024;

    private Samples() {}

    static byte[] empty() {
        return new byte[0];
    }

    static byte[] oneByte() {
        return new byte[] {42};
    }

    /** Uniformly random bytes: incompressible for every codec. */
    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Log-like text that compresses well and spans many 64 KB LZ4 blocks. */
    public static byte[] text(int size) {
        StringBuilder sb = new StringBuilder(size + 200);
        Random random = new Random(7);
        String[] words = {"petrel", "broker", "partition", "offset", "record", "batch", "topic", "leader"};
        for (int line = 0; sb.length() < size; line++) {
            sb.append("2024-05-01T12:00:").append(line % 60).append(" INFO ");
            for (int w = 0; w < 8; w++) {
                sb.append(words[random.nextInt(words.length)]).append(' ');
            }
            sb.append("id=").append(line).append('\n');
        }
        return Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code bytes} in direct memory after {@code offset} bytes of something else, positioned at them. */
    public static ByteBuffer direct(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + bytes.length);
        buffer.position(offset);
        buffer.put(bytes);
        return buffer.position(offset);
    }

    static byte[] zeros(int size) {
        return new byte[size];
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static byte[] compress(Codec codec, byte[] data) {
        return bytes(codec.compress(ByteBuffer.wrap(data)));
    }

    static byte[] decompress(Codec codec, byte[] compressed, int maxOutputBytes) {
        return bytes(codec.decompress(ByteBuffer.wrap(compressed), maxOutputBytes));
    }

    /** Every codec with every named input, as (type, name, input) arguments of a parameterized test. */
    static Stream<Arguments> everyCodecWith(Map<String, byte[]> inputs) {
        List<Arguments> arguments = new ArrayList<>();
        for (CompressionType type : CompressionType.values()) {
            for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
                arguments.add(Arguments.of(type, input.getKey(), input.getValue()));
            }
        }
        return arguments.stream();
    }

    /** Named inputs from nothing to 1 MB, compressible and not, in a map a test may add to. */
    static Map<String, byte[]> namedInputs() {
        Map<String, byte[]> inputs = new LinkedHashMap<>();
        inputs.put("empty", empty());
        inputs.put("1 byte", oneByte());
        inputs.put("100 KB random", random(100 * KB, 1));
        inputs.put("1 MB text", text(MB));
        return inputs;
    }
}
