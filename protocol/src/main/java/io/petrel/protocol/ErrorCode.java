package io.petrel.protocol;

import java.util.Optional;

/**
 * The error codes of the Kafka protocol, as carried in the {@code error_code} fields of responses.
 *
 * <p>Each constant is named exactly as Kafka names it, so a name seen in a Kafka log, document or
 * tool can be looked up here unchanged. {@link #code()} is the 16-bit value on the wire,
 * {@link #retriable()} says whether the same request may succeed if simply sent again (possibly
 * after refreshing metadata or finding the coordinator again), and {@link #message()} is a short
 * human-readable description.
 *
 * <p>The set of codes matches Apache Kafka 4.3.1. A code this enum does not know, for example one
 * introduced by a newer broker, is reported by {@link #forCode(short)} as
 * {@link #UNKNOWN_SERVER_ERROR}, which is what Kafka's own clients do; use {@link #lookup(short)} to
 * tell such codes apart.
 */
public enum ErrorCode {

    UNKNOWN_SERVER_ERROR(-1, false, "Unexpected failure on the server side"),
    NONE(0, false, "No error"),
    OFFSET_OUT_OF_RANGE(1, false, "The requested offset is outside the range the partition holds"),
    CORRUPT_MESSAGE(2, true, "A record failed its CRC check or is otherwise malformed"),
    UNKNOWN_TOPIC_OR_PARTITION(3, true, "Topic or partition unknown to this broker (it may not exist yet)"),
    INVALID_FETCH_SIZE(4, false, "Fetch request asked for an unusable number of bytes"),
    LEADER_NOT_AVAILABLE(5, true, "The partition has no leader right now, usually during an election"),
    NOT_LEADER_OR_FOLLOWER(6, true, "The broker is not the leader, or not a replica, for the partition"),
    REQUEST_TIMED_OUT(7, true, "No response within the request timeout"),
    BROKER_NOT_AVAILABLE(8, false, "Broker unreachable or not serving"),
    REPLICA_NOT_AVAILABLE(9, true, "The replica for the partition is not available"),
    MESSAGE_TOO_LARGE(10, false, "A record is larger than the server's maximum message size"),
    STALE_CONTROLLER_EPOCH(11, false, "The controller epoch is stale: the controller has moved"),
    OFFSET_METADATA_TOO_LARGE(12, false, "The offset commit metadata is too large"),
    NETWORK_EXCEPTION(13, true, "The connection closed before a response arrived"),
    COORDINATOR_LOAD_IN_PROGRESS(14, true, "The coordinator is still loading its state"),
    COORDINATOR_NOT_AVAILABLE(15, true, "No coordinator can serve this group or transaction right now"),
    NOT_COORDINATOR(16, true, "This broker is not the coordinator for the group or transaction"),
    INVALID_TOPIC_EXCEPTION(17, false, "The topic name is invalid, or the topic cannot be used this way"),
    RECORD_LIST_TOO_LARGE(18, false, "A record batch is larger than the log segment size"),
    NOT_ENOUGH_REPLICAS(19, true, "Rejected: too few in-sync replicas to meet min.insync.replicas"),
    NOT_ENOUGH_REPLICAS_AFTER_APPEND(20, true, "Appended, but fewer in-sync replicas than required acknowledged it"),
    INVALID_REQUIRED_ACKS(21, false, "The acks value is invalid"),
    ILLEGAL_GENERATION(22, false, "The group generation id is not current"),
    INCONSISTENT_GROUP_PROTOCOL(23, false, "The member's protocol type or protocols do not match the group's"),
    INVALID_GROUP_ID(24, false, "Group id is empty or otherwise unusable"),
    UNKNOWN_MEMBER_ID(25, false, "Member id unknown to the coordinator"),
    INVALID_SESSION_TIMEOUT(26, false, "The session timeout is outside the range the broker allows"),
    REBALANCE_IN_PROGRESS(27, false, "The group is rebalancing; the member must rejoin"),
    INVALID_COMMIT_OFFSET_SIZE(28, false, "The offset commit is too large"),
    TOPIC_AUTHORIZATION_FAILED(29, false, "Not authorized to access the topic"),
    GROUP_AUTHORIZATION_FAILED(30, false, "Not authorized to access the group"),
    CLUSTER_AUTHORIZATION_FAILED(31, false, "Not authorized for this cluster operation"),
    INVALID_TIMESTAMP(32, false, "A record timestamp is outside the accepted range"),
    UNSUPPORTED_SASL_MECHANISM(33, false, "SASL mechanism not enabled on this broker"),
    ILLEGAL_SASL_STATE(34, false, "Request arrived out of order in the SASL handshake"),
    UNSUPPORTED_VERSION(35, false, "This API version is not supported"),
    TOPIC_ALREADY_EXISTS(36, false, "The topic already exists"),
    INVALID_PARTITIONS(37, false, "The partition count is invalid"),
    INVALID_REPLICATION_FACTOR(38, false, "The replication factor is invalid"),
    INVALID_REPLICA_ASSIGNMENT(39, false, "Manual replica assignment rejected"),
    INVALID_CONFIG(40, false, "Config entry rejected as invalid"),
    NOT_CONTROLLER(41, true, "This broker is not the active controller"),
    INVALID_REQUEST(42, false, "The request is malformed or not valid for this broker"),
    UNSUPPORTED_FOR_MESSAGE_FORMAT(43, false, "The topic's message format does not support this request"),
    POLICY_VIOLATION(44, false, "The request violates a configured policy"),
    OUT_OF_ORDER_SEQUENCE_NUMBER(45, false, "The producer sequence number is out of order"),
    DUPLICATE_SEQUENCE_NUMBER(46, false, "The producer sequence number is a duplicate"),
    INVALID_PRODUCER_EPOCH(47, false, "The producer epoch is stale"),
    INVALID_TXN_STATE(48, false, "The transactional operation is invalid in the current state"),
    INVALID_PRODUCER_ID_MAPPING(49, false, "The producer id is not assigned to this transactional id"),
    INVALID_TRANSACTION_TIMEOUT(50, false, "The transaction timeout exceeds the broker's maximum"),
    CONCURRENT_TRANSACTIONS(51, true, "Another operation on this transaction is in progress"),
    TRANSACTION_COORDINATOR_FENCED(52, false, "The transaction coordinator has been superseded"),
    TRANSACTIONAL_ID_AUTHORIZATION_FAILED(53, false, "Not authorized for the transactional id"),
    SECURITY_DISABLED(54, false, "Broker has security (ACLs, tokens) turned off"),
    OPERATION_NOT_ATTEMPTED(55, false, "Not attempted because another operation in the batch failed"),
    KAFKA_STORAGE_ERROR(56, true, "The broker could not access a log file on disk"),
    LOG_DIR_NOT_FOUND(57, false, "The log directory is not in the broker's configuration"),
    SASL_AUTHENTICATION_FAILED(58, false, "SASL credentials rejected"),
    UNKNOWN_PRODUCER_ID(59, false, "The broker has no state for this producer id"),
    REASSIGNMENT_IN_PROGRESS(60, false, "Blocked by an ongoing partition reassignment"),
    DELEGATION_TOKEN_AUTH_DISABLED(61, false, "Broker has delegation-token support turned off"),
    DELEGATION_TOKEN_NOT_FOUND(62, false, "No such delegation token"),
    DELEGATION_TOKEN_OWNER_MISMATCH(63, false, "The principal is not the token's owner or renewer"),
    DELEGATION_TOKEN_REQUEST_NOT_ALLOWED(64, false, "Delegation token requests are not allowed on this channel"),
    DELEGATION_TOKEN_AUTHORIZATION_FAILED(65, false, "Not authorized for the delegation token"),
    DELEGATION_TOKEN_EXPIRED(66, false, "Delegation token past its expiry time"),
    INVALID_PRINCIPAL_TYPE(67, false, "Unsupported kind of principal"),
    NON_EMPTY_GROUP(68, false, "The group still has members"),
    GROUP_ID_NOT_FOUND(69, false, "No group with this id"),
    FETCH_SESSION_ID_NOT_FOUND(70, true, "Broker has no fetch session with this id"),
    INVALID_FETCH_SESSION_EPOCH(71, true, "Fetch session epoch out of step with the broker"),
    LISTENER_NOT_FOUND(72, true, "The leader has no listener matching the one this request used"),
    TOPIC_DELETION_DISABLED(73, false, "Broker does not allow deleting topics"),
    FENCED_LEADER_EPOCH(74, true, "The request's leader epoch is older than the broker's"),
    UNKNOWN_LEADER_EPOCH(75, true, "The request's leader epoch is newer than the broker's"),
    UNSUPPORTED_COMPRESSION_TYPE(76, false, "The client does not support the partition's compression type"),
    STALE_BROKER_EPOCH(77, false, "Broker epoch out of date"),
    OFFSET_NOT_AVAILABLE(78, true, "The offset is not available yet after a leader change"),
    MEMBER_ID_REQUIRED(79, false, "The member must rejoin using the member id it was given"),
    PREFERRED_LEADER_NOT_AVAILABLE(80, true, "Preferred replica cannot take leadership now"),
    GROUP_MAX_SIZE_REACHED(81, false, "Group already has as many members as allowed"),
    FENCED_INSTANCE_ID(82, false, "Another member has registered with this group.instance.id"),
    ELIGIBLE_LEADERS_NOT_AVAILABLE(83, true, "No eligible leader is available for the partition"),
    ELECTION_NOT_NEEDED(84, true, "Partition already has the leader an election would pick"),
    NO_REASSIGNMENT_IN_PROGRESS(85, false, "Nothing to cancel: no reassignment is running for the partition"),
    GROUP_SUBSCRIBED_TO_TOPIC(86, false, "Cannot delete offsets of a topic the group is subscribed to"),
    INVALID_RECORD(87, false, "A record failed validation on the broker"),
    UNSTABLE_OFFSET_COMMIT(88, true, "Pending transactional offsets must be resolved first"),
    THROTTLING_QUOTA_EXCEEDED(89, true, "Over the throttling quota; retry after the throttle time"),
    PRODUCER_FENCED(90, false, "A newer producer with the same transactional id exists"),
    RESOURCE_NOT_FOUND(91, false, "The referenced resource does not exist"),
    DUPLICATE_RESOURCE(92, false, "Same resource listed twice in one request"),
    UNACCEPTABLE_CREDENTIAL(93, false, "The credential does not meet the acceptance criteria"),
    INCONSISTENT_VOTER_SET(94, false, "The sender or receiver is not one of the expected voters"),
    INVALID_UPDATE_VERSION(95, false, "Feature update names an unusable version"),
    FEATURE_UPDATE_FAILED(96, false, "The finalized features could not be updated"),
    PRINCIPAL_DESERIALIZATION_FAILURE(97, false, "The principal of a forwarded request could not be read"),
    SNAPSHOT_NOT_FOUND(98, false, "No snapshot with this id"),
    POSITION_OUT_OF_RANGE(99, false, "The position is outside the snapshot"),
    UNKNOWN_TOPIC_ID(100, true, "Topic id unknown to this broker"),
    DUPLICATE_BROKER_REGISTRATION(101, false, "The broker id is already registered"),
    BROKER_ID_NOT_REGISTERED(102, false, "No broker registered under this id"),
    INCONSISTENT_TOPIC_ID(103, true, "The topic id does not match the log's topic id"),
    INCONSISTENT_CLUSTER_ID(104, false, "The cluster id does not match the server's"),
    TRANSACTIONAL_ID_NOT_FOUND(105, false, "No transaction state for this transactional id"),
    FETCH_SESSION_TOPIC_ID_ERROR(106, true, "The fetch session used topic ids inconsistently"),
    INELIGIBLE_REPLICA(107, false, "Proposed ISR includes a replica that may not join it"),
    NEW_LEADER_ELECTED(108, false, "The partition state was updated, but the leader has changed"),
    OFFSET_MOVED_TO_TIERED_STORAGE(109, false, "Offset only available from tiered storage"),
    FENCED_MEMBER_EPOCH(110, false, "The member epoch is fenced; the member must rejoin"),
    UNRELEASED_INSTANCE_ID(111, false, "The instance id is still held by another member"),
    UNSUPPORTED_ASSIGNOR(112, false, "The group does not support this assignor or its version"),
    STALE_MEMBER_EPOCH(113, false, "The member epoch is stale"),
    MISMATCHED_ENDPOINT_TYPE(114, false, "The request was sent to the wrong type of endpoint"),
    UNSUPPORTED_ENDPOINT_TYPE(115, false, "Endpoint type not implemented by this server"),
    UNKNOWN_CONTROLLER_ID(116, false, "No controller with this id"),
    UNKNOWN_SUBSCRIPTION_ID(117, false, "The telemetry subscription id is unknown or outdated"),
    TELEMETRY_TOO_LARGE(118, false, "The telemetry push exceeds the broker's size limit"),
    INVALID_REGISTRATION(119, false, "Controller rejected the broker's registration"),
    TRANSACTION_ABORTABLE(120, false, "The transaction hit a server error; abort it to continue"),
    INVALID_RECORD_STATE(121, false, "The record's state does not allow this acknowledgement"),
    SHARE_SESSION_NOT_FOUND(122, true, "Broker has no share session with this id"),
    INVALID_SHARE_SESSION_EPOCH(123, true, "Share session epoch out of step with the broker"),
    FENCED_STATE_EPOCH(124, false, "The share group state epoch does not match"),
    INVALID_VOTER_KEY(125, false, "Voter key differs from the replica's own"),
    DUPLICATE_VOTER(126, false, "The voter is already in the voter set"),
    VOTER_NOT_FOUND(127, false, "The voter is not in the voter set"),
    INVALID_REGULAR_EXPRESSION(128, false, "Subscription regular expression cannot be compiled"),
    REBOOTSTRAP_REQUIRED(129, false, "Metadata too old to use; rebootstrap from the bootstrap servers"),
    STREAMS_INVALID_TOPOLOGY(130, false, "Streams topology rejected"),
    STREAMS_INVALID_TOPOLOGY_EPOCH(131, false, "Streams topology epoch not acceptable"),
    STREAMS_TOPOLOGY_FENCED(132, false, "Streams topology epoch superseded by a newer one"),
    SHARE_SESSION_LIMIT_REACHED(133, true, "Broker cannot open more share sessions");

    /** The smallest code defined; codes are dense from here up to the largest. */
    private static final int MIN_CODE;

    /** {@code BY_CODE[code - MIN_CODE]} is the constant with that code, or {@code null}. */
    private static final ErrorCode[] BY_CODE;

    static {
        ErrorCode[] all = values();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (ErrorCode error : all) {
            min = Math.min(min, error.code);
            max = Math.max(max, error.code);
        }
        ErrorCode[] byCode = new ErrorCode[max - min + 1];
        for (ErrorCode error : all) {
            int index = error.code - min;
            if (byCode[index] != null) {
                throw new IllegalStateException("Error code " + error.code + " is used by both "
                        + byCode[index] + " and " + error);
            }
            byCode[index] = error;
        }
        MIN_CODE = min;
        BY_CODE = byCode;
    }

    private final short code;
    private final boolean retriable;
    private final String message;

    ErrorCode(int code, boolean retriable, String message) {
        this.code = (short) code;
        this.retriable = retriable;
        this.message = message;
    }

    /**
     * Returns the value of this error on the wire.
     *
     * @return the 16-bit error code
     */
    public short code() {
        return code;
    }

    /**
     * Tells whether a request that failed with this error may succeed if retried, possibly after
     * refreshing metadata or rediscovering a coordinator. Kafka clients retry such errors
     * automatically; other errors are reported to the application.
     *
     * @return {@code true} if the error is transient
     */
    public boolean retriable() {
        return retriable;
    }

    /**
     * Returns a short description of the error, suitable for logs and exception messages.
     *
     * @return a one-line description, without a trailing period
     */
    public String message() {
        return message;
    }

    /**
     * Returns the error with the given wire code, mapping any code this enum does not define to
     * {@link #UNKNOWN_SERVER_ERROR}.
     *
     * @param code a code read from a response
     * @return the matching error, never {@code null}
     */
    public static ErrorCode forCode(short code) {
        ErrorCode error = find(code);
        return error != null ? error : UNKNOWN_SERVER_ERROR;
    }

    /**
     * Returns the error with the given wire code, if this enum defines it.
     *
     * @param code a code read from a response
     * @return the matching error, or empty for a code this enum does not define
     */
    public static Optional<ErrorCode> lookup(short code) {
        return Optional.ofNullable(find(code));
    }

    private static ErrorCode find(short code) {
        int index = code - MIN_CODE;
        return index >= 0 && index < BY_CODE.length ? BY_CODE[index] : null;
    }
}
