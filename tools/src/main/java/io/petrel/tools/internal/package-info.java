/**
 * The subcommands of {@code petrel}, one picocli {@code *Command} class each, and what they share.
 *
 * <p>{@code BrokerCommand} runs broker-stub, reading a Kafka {@code server.properties} through
 * {@code BrokerPropertiesFile}. The client commands take {@code ConnectionOptions} and talk to any Kafka-protocol
 * cluster: {@code TopicsCommand} and {@code GroupsCommand} (its table is a {@code GroupOffsetsTable}) through the
 * {@code admin} subpackage; {@code ProduceCommand} turns input lines into records ({@code LineRecordParser}) for
 * Petrel's producer and {@code ConsumeCommand} prints what Petrel's consumer reads ({@code RecordFormatter}), both
 * as Kafka's console tools do; {@code DemoCommand} runs the sample apps against an embedded broker; {@code perf}
 * has its own subpackage. A failure the user can act on is a {@code CommandFailedException}; {@code ErrorLine}
 * turns any failure into the one line printed, and {@code VerboseOption} adds the stack trace. Not API: may change
 * without notice.
 */
package io.petrel.tools.internal;
