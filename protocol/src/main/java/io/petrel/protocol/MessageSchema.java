package io.petrel.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole message as Kafka's specs describe one: a request or response of an API, a header, or a
 * standalone data payload, with the versions it exists in and the versions that are flexible
 * (compact lengths and tagged fields).
 *
 * <p>This is the one entry point for encoding and decoding: the per-API classes in
 * {@code io.petrel.protocol.schemas} only declare fields; reading and writing any of them runs through
 * the same schema walk here, so there are no per-version read/write branches to keep in step.
 */
public final class MessageSchema {
    /** What a schema describes. */
    public enum Kind { REQUEST, RESPONSE, HEADER, DATA }

    private final String name;
    private final Kind kind;
    private final short apiKey;
    private final Versions validVersions;
    private final Versions flexibleVersions;
    private final StructSchema body;

    private MessageSchema(String name, Kind kind, int apiKey, String validVersions, String flexibleVersions,
                          Field<?>... fields) {
        this.name = name;
        this.kind = kind;
        this.apiKey = (short) apiKey;
        this.validVersions = Versions.parse(validVersions);
        this.flexibleVersions = Versions.parse(flexibleVersions);
        this.body = StructSchema.of(name, fields);
    }

    public static MessageSchema request(String name, int apiKey, String validVersions, String flexibleVersions,
                                        Field<?>... fields) {
        return new MessageSchema(name, Kind.REQUEST, apiKey, validVersions, flexibleVersions, fields);
    }

    public static MessageSchema response(String name, int apiKey, String validVersions, String flexibleVersions,
                                         Field<?>... fields) {
        return new MessageSchema(name, Kind.RESPONSE, apiKey, validVersions, flexibleVersions, fields);
    }

    public static MessageSchema header(String name, String validVersions, String flexibleVersions, Field<?>... fields) {
        return new MessageSchema(name, Kind.HEADER, -1, validVersions, flexibleVersions, fields);
    }

    public static MessageSchema data(String name, String validVersions, String flexibleVersions, Field<?>... fields) {
        return new MessageSchema(name, Kind.DATA, -1, validVersions, flexibleVersions, fields);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The API key of a request or response schema; -1 for headers and data. */
    public short apiKey() {
        return apiKey;
    }

    public Versions validVersions() {
        return validVersions;
    }

    public Versions flexibleVersions() {
        return flexibleVersions;
    }

    public boolean isFlexible(short version) {
        return flexibleVersions.contains(version);
    }

    public StructSchema body() {
        return body;
    }

    /** A new message of this schema with every field at its default. */
    public Message newMessage() {
        return Message.of(body);
    }

    /** Decodes a message of {@code version} from the buffer's remaining bytes, advancing its position. */
    public Message read(ByteBuffer buf, short version) {
        checkVersion(version);
        return MessageReader.read(body, version, flexibleVersions, buf);
    }

    /** The exact number of bytes {@link #write} will write; also validates the message for this version. */
    public int sizeOf(Message message, short version) {
        checkVersion(version);
        checkSchema(message);
        return new MessageWriter(version, flexibleVersions).sizeOf(message);
    }

    /** Writes the message at the buffer's position; the caller sized the buffer with {@link #sizeOf}. */
    public void write(Message message, short version, ByteBuffer buf) {
        checkVersion(version);
        checkSchema(message);
        new MessageWriter(version, flexibleVersions).write(message, buf);
    }

    /** Sizes, then writes the message into a new buffer, ready to read. */
    public ByteBuffer serialize(Message message, short version) {
        ByteBuffer buf = ByteBuffer.allocate(sizeOf(message, version));
        new MessageWriter(version, flexibleVersions).write(message, buf);
        return buf.flip();
    }

    /**
     * Encodes a message whose RECORDS fields may hold {@link SplicedRecords}: those are left out of the
     * bytes and their places listed, for the transport to splice in.
     */
    public SplicedMessage writeSpliced(Message message, short version) {
        int total = sizeOf(message, version);
        int splicedBytes = MessageWriter.splicedBytes(message);
        List<SplicedMessage.Splice> splices = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(total - splicedBytes);
        new MessageWriter(version, flexibleVersions, splices, false).write(message, buf);
        return new SplicedMessage(buf.flip(), List.copyOf(splices), total);
    }

    /** The bytes {@link #writeWithoutRecords} writes: {@link #sizeOf} less every RECORDS field's records. */
    int sizeWithoutRecords(Message message, short version) {
        return sizeOf(message, version) - MessageWriter.splicedBytes(message, true);
    }

    /**
     * Writes the message at the buffer's position with the records of every RECORDS field left out, those
     * held as ByteBuffers (which become {@link BufferedRecords}) as well as {@link SplicedRecords}; returns
     * where they go, as positions in {@code buf}. The caller sized the buffer with {@link #sizeWithoutRecords}.
     */
    List<SplicedMessage.Splice> writeWithoutRecords(Message message, short version, ByteBuffer buf) {
        checkVersion(version);
        checkSchema(message);
        List<SplicedMessage.Splice> splices = new ArrayList<>();
        new MessageWriter(version, flexibleVersions, splices, true).write(message, buf);
        return splices;
    }

    private void checkVersion(short version) {
        if (!validVersions.contains(version)) {
            throw new ProtocolException(name + " has no version " + version + ": supported versions are " + validVersions);
        }
    }

    private void checkSchema(Message message) {
        if (message.schema() != body) {
            throw new IllegalArgumentException("Message of " + message.schema().name() + " given to schema " + name);
        }
    }

    @Override
    public String toString() {
        return name + " v" + validVersions;
    }
}
