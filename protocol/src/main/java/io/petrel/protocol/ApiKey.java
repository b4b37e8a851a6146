package io.petrel.protocol;

import io.petrel.protocol.schemas.*;

import java.util.Optional;

/**
 * The Kafka APIs Petrel speaks, each with its request and response schema.
 *
 * <p>The schemas hold the version ranges Kafka 4.x clients and brokers use; a broker may serve a
 * narrower range, and a client picks the highest version both sides support.
 */
public enum ApiKey {
    PRODUCE(0, "Produce"),
    FETCH(1, "Fetch"),
    LIST_OFFSETS(2, "ListOffsets"),
    METADATA(3, "Metadata"),
    OFFSET_COMMIT(8, "OffsetCommit"),
    OFFSET_FETCH(9, "OffsetFetch"),
    FIND_COORDINATOR(10, "FindCoordinator"),
    JOIN_GROUP(11, "JoinGroup"),
    HEARTBEAT(12, "Heartbeat"),
    LEAVE_GROUP(13, "LeaveGroup"),
    SYNC_GROUP(14, "SyncGroup"),
    DESCRIBE_GROUPS(15, "DescribeGroups"),
    LIST_GROUPS(16, "ListGroups"),
    SASL_HANDSHAKE(17, "SaslHandshake"),
    API_VERSIONS(18, "ApiVersions"),
    CREATE_TOPICS(19, "CreateTopics"),
    DELETE_TOPICS(20, "DeleteTopics"),
    DELETE_RECORDS(21, "DeleteRecords"),
    INIT_PRODUCER_ID(22, "InitProducerId"),
    OFFSET_FOR_LEADER_EPOCH(23, "OffsetForLeaderEpoch"),
    ADD_PARTITIONS_TO_TXN(24, "AddPartitionsToTxn"),
    ADD_OFFSETS_TO_TXN(25, "AddOffsetsToTxn"),
    END_TXN(26, "EndTxn"),
    TXN_OFFSET_COMMIT(28, "TxnOffsetCommit"),
    DESCRIBE_ACLS(29, "DescribeAcls"),
    CREATE_ACLS(30, "CreateAcls"),
    DELETE_ACLS(31, "DeleteAcls"),
    DESCRIBE_CONFIGS(32, "DescribeConfigs"),
    ALTER_CONFIGS(33, "AlterConfigs"),
    DESCRIBE_LOG_DIRS(35, "DescribeLogDirs"),
    SASL_AUTHENTICATE(36, "SaslAuthenticate"),
    CREATE_PARTITIONS(37, "CreatePartitions"),
    DELETE_GROUPS(42, "DeleteGroups"),
    ELECT_LEADERS(43, "ElectLeaders"),
    INCREMENTAL_ALTER_CONFIGS(44, "IncrementalAlterConfigs"),
    ALTER_PARTITION_REASSIGNMENTS(45, "AlterPartitionReassignments"),
    LIST_PARTITION_REASSIGNMENTS(46, "ListPartitionReassignments"),
    OFFSET_DELETE(47, "OffsetDelete"),
    DESCRIBE_CLIENT_QUOTAS(48, "DescribeClientQuotas"),
    ALTER_CLIENT_QUOTAS(49, "AlterClientQuotas"),
    DESCRIBE_USER_SCRAM_CREDENTIALS(50, "DescribeUserScramCredentials"),
    ALTER_USER_SCRAM_CREDENTIALS(51, "AlterUserScramCredentials"),
    DESCRIBE_QUORUM(55, "DescribeQuorum"),
    UPDATE_FEATURES(57, "UpdateFeatures"),
    DESCRIBE_CLUSTER(60, "DescribeCluster"),
    DESCRIBE_PRODUCERS(61, "DescribeProducers"),
    DESCRIBE_TRANSACTIONS(65, "DescribeTransactions"),
    LIST_TRANSACTIONS(66, "ListTransactions"),
    CONSUMER_GROUP_HEARTBEAT(68, "ConsumerGroupHeartbeat"),
    CONSUMER_GROUP_DESCRIBE(69, "ConsumerGroupDescribe"),
    DESCRIBE_TOPIC_PARTITIONS(75, "DescribeTopicPartitions");

    private static final ApiKey[] BY_ID = indexById();

    private final short id;
    private final String apiName;

    ApiKey(int id, String apiName) {
        this.id = (short) id;
        this.apiName = apiName;
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

    /** The versions of this API Petrel can encode and decode. */
    public Versions versions() {
        return requestSchema().validVersions();
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
