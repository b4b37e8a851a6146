package io.petrel.protocol;

import io.petrel.protocol.schemas.*;

import java.util.Optional;

/**
 * The Kafka APIs Petrel speaks, each with its request and response schema.
 *
 * <p>The schemas hold the version ranges Kafka 4.x clients and brokers use; a broker may serve a
 * narrower range, and a client picks the highest version both sides support.
 *
 * <p>Each API's range is also written here, beside its key, so that {@link #versions()} answers without loading the
 * API's schemas: an ApiVersions answer lists every API, and loading all ~110 schema classes for it was a tenth of
 * the classes broker-stub loads before its first answer. {@code ApiKeyTest} checks each range here against the
 * range its request and response schemas declare, so the two cannot drift apart.
 */
public enum ApiKey {
    PRODUCE(0, "Produce", "3-13"),
    FETCH(1, "Fetch", "4-18"),
    LIST_OFFSETS(2, "ListOffsets", "1-11"),
    METADATA(3, "Metadata", "0-13"),
    OFFSET_COMMIT(8, "OffsetCommit", "2-10"),
    OFFSET_FETCH(9, "OffsetFetch", "1-10"),
    FIND_COORDINATOR(10, "FindCoordinator", "0-6"),
    JOIN_GROUP(11, "JoinGroup", "0-9"),
    HEARTBEAT(12, "Heartbeat", "0-4"),
    LEAVE_GROUP(13, "LeaveGroup", "0-5"),
    SYNC_GROUP(14, "SyncGroup", "0-5"),
    DESCRIBE_GROUPS(15, "DescribeGroups", "0-6"),
    LIST_GROUPS(16, "ListGroups", "0-5"),
    SASL_HANDSHAKE(17, "SaslHandshake", "0-1"),
    API_VERSIONS(18, "ApiVersions", "0-4"),
    CREATE_TOPICS(19, "CreateTopics", "2-7"),
    DELETE_TOPICS(20, "DeleteTopics", "1-6"),
    DELETE_RECORDS(21, "DeleteRecords", "0-2"),
    INIT_PRODUCER_ID(22, "InitProducerId", "0-5"),
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch", "2-4"),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn", "0-5"),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn", "0-4"),
    END_TXN(26, "EndTxn", "0-5"),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit", "0-5"),
    DESCRIBE_ACLS(29, "DescribeAcls", "1-3"),
    CREATE_ACLS(30, "CreateAcls", "1-3"),
    DELETE_ACLS(31, "DeleteAcls", "1-3"),
    DESCRIBE_CONFIGS(32, "DescribeConfigs", "1-4"),
    ALTER_CONFIGS(33, "AlterConfigs", "0-2"),
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs", "1-5"),
    SASL_AUTHENTICATE(36, "SaslAuthenticate", "0-2"),
    CREATE_PARTITIONS(37, "CreatePartitions", "0-3"),
    DELETE_GROUPS(42, "DeleteGroups", "0-2"),
    ELECT_LEADERS(43, "ElectLeaders", "0-2"),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs", "0-1"),
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments", "0-1"),
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments", "0-0"),
    OFFSET_DELETE(47, "OffsetDelete", "0-0"),
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas", "0-1"),
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas", "0-1"),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials", "0-0"),
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials", "0-0"),
    DESCRIBE_QUORUM(55, "DescribeQuorum", "0-2"),
    UPDATE_FEATURES(57, "UpdateFeatures", "0-2"),
    DESCRIBE_CLUSTER(60, "DescribeCluster", "0-2"),
    DESCRIBE_PRODUCERS(61, "DescribeProducers", "0-0"),
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions", "0-0"),
    LIST_TRANSACTIONS(66, "ListTransactions", "0-2"),
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat", "0-1"),
    CONSUMER_GROUP_DESCRIBE(69, "ConsumerGroupDescribe", "0-1"),
    DESCRIBE_TOPIC_PARTITIONS(75, "DescribeTopicPartitions", "0-0");

    private static final ApiKey[] BY_ID = indexById();

    private final short id;
    private final String apiName;
    private final Versions versions;

    ApiKey(int id, String apiName, String versions) {
        this.id = (short) id;
        this.apiName = apiName;
        this.versions = Versions.parse(versions);
    }

    public short id() {
        return id;
    }

    /** The API's name as Kafka's documentation spells it, e.g. {@code "Produce"}. */
    public String apiName() {
        return apiName;
    }

    public MessageSchema requestSchema() {
        return switch (this) {
            case PRODUCE -> ProduceRequest.SCHEMA;
            case FETCH -> FetchRequest.SCHEMA;
            case LIST_OFFSETS -> ListOffsetsRequest.SCHEMA;
            case METADATA -> MetadataRequest.SCHEMA;
            case OFFSET_COMMIT -> OffsetCommitRequest.SCHEMA;
            case OFFSET_FETCH -> OffsetFetchRequest.SCHEMA;
            case FIND_COORDINATOR -> FindCoordinatorRequest.SCHEMA;
            case JOIN_GROUP -> JoinGroupRequest.SCHEMA;
            case HEARTBEAT -> HeartbeatRequest.SCHEMA;
            case LEAVE_GROUP -> LeaveGroupRequest.SCHEMA;
            case SYNC_GROUP -> SyncGroupRequest.SCHEMA;
            case DESCRIBE_GROUPS -> DescribeGroupsRequest.SCHEMA;
            case LIST_GROUPS -> ListGroupsRequest.SCHEMA;
            case SASL_HANDSHAKE -> SaslHandshakeRequest.SCHEMA;
            case API_VERSIONS -> ApiVersionsRequest.SCHEMA;
            case CREATE_TOPICS -> CreateTopicsRequest.SCHEMA;
            case DELETE_TOPICS -> DeleteTopicsRequest.SCHEMA;
            case DELETE_RECORDS -> DeleteRecordsRequest.SCHEMA;
            case INIT_PRODUCER_ID -> InitProducerIdRequest.SCHEMA;
            case OFFSET_FOR_LEADER_EPOCH -> OffsetForLeaderEpochRequest.SCHEMA;
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnRequest.SCHEMA;
            case ADD_OFFSETS_TO_TXN -> AddOffsetsToTxnRequest.SCHEMA;
            case END_TXN -> EndTxnRequest.SCHEMA;
            case TXN_OFFSET_COMMIT -> TxnOffsetCommitRequest.SCHEMA;
            case DESCRIBE_ACLS -> DescribeAclsRequest.SCHEMA;
            case CREATE_ACLS -> CreateAclsRequest.SCHEMA;
            case DELETE_ACLS -> DeleteAclsRequest.SCHEMA;
            case DESCRIBE_CONFIGS -> DescribeConfigsRequest.SCHEMA;
            case ALTER_CONFIGS -> AlterConfigsRequest.SCHEMA;
            case DESCRIBE_LOG_DIRS -> DescribeLogDirsRequest.SCHEMA;
            case SASL_AUTHENTICATE -> SaslAuthenticateRequest.SCHEMA;
            case CREATE_PARTITIONS -> CreatePartitionsRequest.SCHEMA;
            case DELETE_GROUPS -> DeleteGroupsRequest.SCHEMA;
            case ELECT_LEADERS -> ElectLeadersRequest.SCHEMA;
            case INCREMENTAL_ALTER_CONFIGS -> IncrementalAlterConfigsRequest.SCHEMA;
            case ALTER_PARTITION_REASSIGNMENTS -> AlterPartitionReassignmentsRequest.SCHEMA;
            case LIST_PARTITION_REASSIGNMENTS -> ListPartitionReassignmentsRequest.SCHEMA;
            case OFFSET_DELETE -> OffsetDeleteRequest.SCHEMA;
            case DESCRIBE_CLIENT_QUOTAS -> DescribeClientQuotasRequest.SCHEMA;
            case ALTER_CLIENT_QUOTAS -> AlterClientQuotasRequest.SCHEMA;
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> DescribeUserScramCredentialsRequest.SCHEMA;
            case ALTER_USER_SCRAM_CREDENTIALS -> AlterUserScramCredentialsRequest.SCHEMA;
            case DESCRIBE_QUORUM -> DescribeQuorumRequest.SCHEMA;
            case UPDATE_FEATURES -> UpdateFeaturesRequest.SCHEMA;
            case DESCRIBE_CLUSTER -> DescribeClusterRequest.SCHEMA;
            case DESCRIBE_PRODUCERS -> DescribeProducersRequest.SCHEMA;
            case DESCRIBE_TRANSACTIONS -> DescribeTransactionsRequest.SCHEMA;
            case LIST_TRANSACTIONS -> ListTransactionsRequest.SCHEMA;
            case CONSUMER_GROUP_HEARTBEAT -> ConsumerGroupHeartbeatRequest.SCHEMA;
            case CONSUMER_GROUP_DESCRIBE -> ConsumerGroupDescribeRequest.SCHEMA;
            case DESCRIBE_TOPIC_PARTITIONS -> DescribeTopicPartitionsRequest.SCHEMA;
        };
    }

    public MessageSchema responseSchema() {
        return switch (this) {
            case PRODUCE -> ProduceResponse.SCHEMA;
            case FETCH -> FetchResponse.SCHEMA;
            case LIST_OFFSETS -> ListOffsetsResponse.SCHEMA;
            case METADATA -> MetadataResponse.SCHEMA;
            case OFFSET_COMMIT -> OffsetCommitResponse.SCHEMA;
            case OFFSET_FETCH -> OffsetFetchResponse.SCHEMA;
            case FIND_COORDINATOR -> FindCoordinatorResponse.SCHEMA;
            case JOIN_GROUP -> JoinGroupResponse.SCHEMA;
            case HEARTBEAT -> HeartbeatResponse.SCHEMA;
            case LEAVE_GROUP -> LeaveGroupResponse.SCHEMA;
            case SYNC_GROUP -> SyncGroupResponse.SCHEMA;
            case DESCRIBE_GROUPS -> DescribeGroupsResponse.SCHEMA;
            case LIST_GROUPS -> ListGroupsResponse.SCHEMA;
            case SASL_HANDSHAKE -> SaslHandshakeResponse.SCHEMA;
            case API_VERSIONS -> ApiVersionsResponse.SCHEMA;
            case CREATE_TOPICS -> CreateTopicsResponse.SCHEMA;
            case DELETE_TOPICS -> DeleteTopicsResponse.SCHEMA;
            case DELETE_RECORDS -> DeleteRecordsResponse.SCHEMA;
            case INIT_PRODUCER_ID -> InitProducerIdResponse.SCHEMA;
            case OFFSET_FOR_LEADER_EPOCH -> OffsetForLeaderEpochResponse.SCHEMA;
            case ADD_PARTITIONS_TO_TXN -> AddPartitionsToTxnResponse.SCHEMA;
            case ADD_OFFSETS_TO_TXN -> AddOffsetsToTxnResponse.SCHEMA;
            case END_TXN -> EndTxnResponse.SCHEMA;
            case TXN_OFFSET_COMMIT -> TxnOffsetCommitResponse.SCHEMA;
            case DESCRIBE_ACLS -> DescribeAclsResponse.SCHEMA;
            case CREATE_ACLS -> CreateAclsResponse.SCHEMA;
            case DELETE_ACLS -> DeleteAclsResponse.SCHEMA;
            case DESCRIBE_CONFIGS -> DescribeConfigsResponse.SCHEMA;
            case ALTER_CONFIGS -> AlterConfigsResponse.SCHEMA;
            case DESCRIBE_LOG_DIRS -> DescribeLogDirsResponse.SCHEMA;
            case SASL_AUTHENTICATE -> SaslAuthenticateResponse.SCHEMA;
            case CREATE_PARTITIONS -> CreatePartitionsResponse.SCHEMA;
            case DELETE_GROUPS -> DeleteGroupsResponse.SCHEMA;
            case ELECT_LEADERS -> ElectLeadersResponse.SCHEMA;
            case INCREMENTAL_ALTER_CONFIGS -> IncrementalAlterConfigsResponse.SCHEMA;
            case ALTER_PARTITION_REASSIGNMENTS -> AlterPartitionReassignmentsResponse.SCHEMA;
            case LIST_PARTITION_REASSIGNMENTS -> ListPartitionReassignmentsResponse.SCHEMA;
            case OFFSET_DELETE -> OffsetDeleteResponse.SCHEMA;
            case DESCRIBE_CLIENT_QUOTAS -> DescribeClientQuotasResponse.SCHEMA;
            case ALTER_CLIENT_QUOTAS -> AlterClientQuotasResponse.SCHEMA;
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> DescribeUserScramCredentialsResponse.SCHEMA;
            case ALTER_USER_SCRAM_CREDENTIALS -> AlterUserScramCredentialsResponse.SCHEMA;
            case DESCRIBE_QUORUM -> DescribeQuorumResponse.SCHEMA;
            case UPDATE_FEATURES -> UpdateFeaturesResponse.SCHEMA;
            case DESCRIBE_CLUSTER -> DescribeClusterResponse.SCHEMA;
            case DESCRIBE_PRODUCERS -> DescribeProducersResponse.SCHEMA;
            case DESCRIBE_TRANSACTIONS -> DescribeTransactionsResponse.SCHEMA;
            case LIST_TRANSACTIONS -> ListTransactionsResponse.SCHEMA;
            case CONSUMER_GROUP_HEARTBEAT -> ConsumerGroupHeartbeatResponse.SCHEMA;
            case CONSUMER_GROUP_DESCRIBE -> ConsumerGroupDescribeResponse.SCHEMA;
            case DESCRIBE_TOPIC_PARTITIONS -> DescribeTopicPartitionsResponse.SCHEMA;
        };
    }

    /**
     * The versions of this API Petrel can encode and decode: those its request and response schemas declare
     * (read without loading them).
     */
    public Versions versions() {
        return versions;
    }

    /** The API with this key, or empty for a key Petrel does not speak. */
    public static Optional<ApiKey> lookup(short id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[id]) : Optional.empty();
    }

    private static ApiKey[] indexById() {
        int max = 0;
        for (ApiKey key : values()) {
            max = Math.max(max, key.id);
        }
        ApiKey[] byId = new ApiKey[max + 1];
        for (ApiKey key : values()) {
            byId[key.id] = key;
        }
        return byId;
    }
}
