package io.petrel.admin;

/**
 * One change of {@link Admin#incrementalAlterConfigs}: set a config, delete it (back to its default), or
 * append to / subtract from a list config.
 *
 * @param name   the config's name
 * @param value  the value to set, append or subtract; ignored by DELETE
 * @param opType what to do
 */
public record AlterConfigOp(String name, String value, OpType opType) {
    /** The operations, with Kafka's protocol ids. */
    public enum OpType {
        SET(0), DELETE(1), APPEND(2), SUBTRACT(3);

        private final byte id;

        OpType(int id) {
            this.id = (byte) id;
        }

        public byte id() {
            return id;
        }
    }

    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, value, OpType.SET);
    }

    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, null, OpType.DELETE);
    }
}
