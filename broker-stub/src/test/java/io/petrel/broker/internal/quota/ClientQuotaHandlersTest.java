package io.petrel.broker.internal.quota;

import io.petrel.broker.internal.handler.RequestAuthorizer;
import io.petrel.broker.internal.handler.RequestContext;
import io.petrel.broker.internal.handler.Response;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.AlterClientQuotasRequest;
import io.petrel.protocol.schemas.AlterClientQuotasResponse;
import io.petrel.protocol.schemas.DescribeClientQuotasRequest;
import io.petrel.protocol.schemas.DescribeClientQuotasResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** AlterClientQuotas and DescribeClientQuotas: Kafka's validation, filters, validateOnly and persistence. */
class ClientQuotaHandlersTest {
    private static final RequestContext CONTEXT = new RequestContext((short) 1, 1, "admin", "conn-1",
            new InetSocketAddress("127.0.0.1", 5000));

    @TempDir
    Path dataDir;
    private AlterClientQuotasHandler alter;
    private DescribeClientQuotasHandler describe;

    @BeforeEach
    void open() throws IOException {
        openHandlers();
    }

    private void openHandlers() throws IOException {
        ClientQuotaStore store = ClientQuotaStore.open(dataDir);
        alter = new AlterClientQuotasHandler(store, RequestAuthorizer.allowAll());
        describe = new DescribeClientQuotasHandler(store, RequestAuthorizer.allowAll());
    }

    /** An entity as "type=name" pairs, "type" alone for the default. */
    private static List<Message> entity(String... components) {
        List<Message> entity = new ArrayList<>();
        for (String c : components) {
            int eq = c.indexOf('=');
            entity.add(Message.of(AlterClientQuotasRequest.EntityData.SCHEMA)
                    .set(AlterClientQuotasRequest.EntityData.ENTITY_TYPE, eq < 0 ? c : c.substring(0, eq))
                    .set(AlterClientQuotasRequest.EntityData.ENTITY_NAME, eq < 0 ? null : c.substring(eq + 1)));
        }
        return entity;
    }

    private static Message op(String key, double value) {
        return Message.of(AlterClientQuotasRequest.OpData.SCHEMA).set(AlterClientQuotasRequest.OpData.KEY, key)
                .set(AlterClientQuotasRequest.OpData.VALUE, value).set(AlterClientQuotasRequest.OpData.REMOVE, false);
    }

    private static Message remove(String key) {
        return Message.of(AlterClientQuotasRequest.OpData.SCHEMA).set(AlterClientQuotasRequest.OpData.KEY, key)
                .set(AlterClientQuotasRequest.OpData.REMOVE, true);
    }

    private static Message entry(List<Message> entity, Message... ops) {
        return Message.of(AlterClientQuotasRequest.EntryData.SCHEMA).set(AlterClientQuotasRequest.EntryData.ENTITY, entity)
                .set(AlterClientQuotasRequest.EntryData.OPS, List.of(ops));
    }

    /** Alters and returns each entry's error as "CODE: message" or "NONE". */
    private List<String> alter(boolean validateOnly, Message... entries) {
        Message request = AlterClientQuotasRequest.SCHEMA.newMessage()
                .set(AlterClientQuotasRequest.ENTRIES, List.of(entries))
                .set(AlterClientQuotasRequest.VALIDATE_ONLY, validateOnly);
        Message response = ((Response.Body) alter.handle(CONTEXT, request).join()).body();
        List<String> results = new ArrayList<>();
        for (Message e : response.get(AlterClientQuotasResponse.ENTRIES)) {
            ErrorCode code = ErrorCode.forCode(e.get(AlterClientQuotasResponse.EntryData.ERROR_CODE));
            results.add(code == ErrorCode.NONE ? "NONE" : code + ": " + e.get(AlterClientQuotasResponse.EntryData.ERROR_MESSAGE));
        }
        return results;
    }

    private static Message component(String type, int matchType, String match) {
        return Message.of(DescribeClientQuotasRequest.ComponentData.SCHEMA)
                .set(DescribeClientQuotasRequest.ComponentData.ENTITY_TYPE, type)
                .set(DescribeClientQuotasRequest.ComponentData.MATCH_TYPE, (byte) matchType)
                .set(DescribeClientQuotasRequest.ComponentData.MATCH, match);
    }

    private Message describeRaw(boolean strict, Message... components) {
        Message request = DescribeClientQuotasRequest.SCHEMA.newMessage()
                .set(DescribeClientQuotasRequest.COMPONENTS, List.of(components))
                .set(DescribeClientQuotasRequest.STRICT, strict);
        return ((Response.Body) describe.handle(CONTEXT, request).join()).body();
    }

    /** Describes and returns entity ("type=name,..." sorted, "<default>" for defaults) to its values. */
    private Map<String, Map<String, Double>> describe(boolean strict, Message... components) {
        Message response = describeRaw(strict, components);
        assertEquals(ErrorCode.NONE.code(), response.get(DescribeClientQuotasResponse.ERROR_CODE),
                response.get(DescribeClientQuotasResponse.ERROR_MESSAGE));
        Map<String, Map<String, Double>> result = new TreeMap<>();
        for (Message e : response.get(DescribeClientQuotasResponse.ENTRIES)) {
            StringBuilder name = new StringBuilder();
            for (Message c : e.get(DescribeClientQuotasResponse.EntryData.ENTITY)) {
                String n = c.get(DescribeClientQuotasResponse.EntityData.ENTITY_NAME);
                name.append(name.length() == 0 ? "" : ",").append(c.get(DescribeClientQuotasResponse.EntityData.ENTITY_TYPE))
                        .append('=').append(n == null ? "<default>" : n);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Message v : e.get(DescribeClientQuotasResponse.EntryData.VALUES)) {
                values.put(v.get(DescribeClientQuotasResponse.ValueData.KEY), v.get(DescribeClientQuotasResponse.ValueData.VALUE));
            }
            result.put(name.toString(), values);
        }
        return result;
    }

    private void setUpFourEntities() {
        assertEquals(List.of("NONE", "NONE", "NONE", "NONE"), alter(false,
                entry(entity("user=alice", "client-id=app"), op("producer_byte_rate", 1024)),
                entry(entity("user=alice"), op("consumer_byte_rate", 2048), op("request_percentage", 12.5)),
                entry(entity("user"), op("producer_byte_rate", 4096)),
                entry(entity("client-id"), op("consumer_byte_rate", 8192))));
    }

    @Test
    void setQuotasAreDescribedByEveryMatchType() {
        setUpFourEntities();
        assertEquals(Map.of("client-id=app,user=alice", Map.of("producer_byte_rate", 1024.0),
                        "user=alice", Map.of("consumer_byte_rate", 2048.0, "request_percentage", 12.5),
                        "user=<default>", Map.of("producer_byte_rate", 4096.0),
                        "client-id=<default>", Map.of("consumer_byte_rate", 8192.0)),
                describe(false));
        assertEquals(Map.of("client-id=app,user=alice", Map.of("producer_byte_rate", 1024.0),
                        "user=alice", Map.of("consumer_byte_rate", 2048.0, "request_percentage", 12.5)),
                describe(false, component("user", 0, "alice")));
        assertEquals(Map.of("user=alice", Map.of("consumer_byte_rate", 2048.0, "request_percentage", 12.5)),
                describe(true, component("user", 0, "alice")), "strict leaves out entities with other types");
        assertEquals(Map.of("user=<default>", Map.of("producer_byte_rate", 4096.0)),
                describe(false, component("user", 1, null)));
        assertEquals(Map.of("client-id=app,user=alice", Map.of("producer_byte_rate", 1024.0),
                        "client-id=<default>", Map.of("consumer_byte_rate", 8192.0)),
                describe(false, component("client-id", 2, null)), "any name, the default included, as Kafka");
        assertEquals(Map.of(), describe(false, component("user", 0, "bob")));
    }

    @Test
    void removingTheLastValueForgetsTheEntity() {
        setUpFourEntities();
        assertEquals(List.of("NONE", "NONE"), alter(false, entry(entity("user"), remove("producer_byte_rate")),
                entry(entity("user=alice"), remove("request_percentage"), remove("no_such_key"))));
        Map<String, Map<String, Double>> all = describe(false);
        assertEquals(Map.of("consumer_byte_rate", 2048.0), all.get("user=alice"));
        assertNull(all.get("user=<default>"));
    }

    @Test
    void badEntriesGetKafkasErrorsAndChangeNothing() {
        List<String> results = alter(false,
                entry(entity("user=alice"), op("producer_byte_rate", 100), op("bytes_per_week", 1)),
                entry(entity("user=alice"), op("producer_byte_rate", -5)),
                entry(entity("user=alice"), op("producer_byte_rate", 10.5)),
                entry(entity("group=g1"), op("producer_byte_rate", 100)),
                entry(entity()),
                entry(entity("ip=127.0.0.1", "user=alice"), op("connection_creation_rate", 3)),
                entry(entity("ip=127.0.0.1"), op("producer_byte_rate", 3)),
                entry(entity("user=alice"), op("producer_byte_rate", 1), op("producer_byte_rate", 2)),
                entry(entity("user="), op("producer_byte_rate", 1)),
                entry(entity("ip=127.0.0.1"), op("connection_creation_rate", 3)));
        assertEquals(List.of(
                "INVALID_REQUEST: Invalid configuration key bytes_per_week",
                "INVALID_REQUEST: Quota producer_byte_rate must be greater than 0",
                "INVALID_REQUEST: producer_byte_rate cannot be a fractional value.",
                "INVALID_REQUEST: Unhandled client quota entity type: group",
                "INVALID_REQUEST: Invalid empty client quota entity",
                "INVALID_REQUEST: Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId",
                "INVALID_REQUEST: Invalid configuration key producer_byte_rate",
                "INVALID_REQUEST: Duplicate quota key producer_byte_rate not updating quota for this entity {user=alice}",
                "INVALID_REQUEST: Empty user not supported",
                "NONE"), results);
        assertEquals(Map.of("ip=127.0.0.1", Map.of("connection_creation_rate", 3.0)), describe(false));
    }

    @Test
    void validateOnlyChecksAndStoresNothing() {
        assertEquals(List.of("NONE", "INVALID_REQUEST: Quota consumer_byte_rate must be greater than 0"), alter(true,
                entry(entity("user=alice"), op("producer_byte_rate", 100)),
                entry(entity("user=bob"), op("consumer_byte_rate", 0))));
        assertEquals(Map.of(), describe(false));
    }

    @Test
    void quotasSurviveARestart() throws IOException {
        setUpFourEntities();
        Map<String, Map<String, Double>> before = describe(false);
        openHandlers();
        assertEquals(before, describe(false));
    }

    @Test
    void badFiltersGetKafkasErrors() {
        assertFilterError(ErrorCode.UNSUPPORTED_VERSION, "Unsupported entity type group", component("group", 0, "g"));
        assertFilterError(ErrorCode.INVALID_REQUEST, "Invalid empty entity type.", component("", 0, "g"));
        assertFilterError(ErrorCode.INVALID_REQUEST, "Entity type user cannot appear more than once in the filter.",
                component("user", 0, "a"), component("user", 2, null));
        assertFilterError(ErrorCode.INVALID_REQUEST, "Request specified MATCH_TYPE_EXACT, but set match string to null.",
                component("user", 0, null));
        assertFilterError(ErrorCode.INVALID_REQUEST, "Unknown match type 7", component("user", 7, null));
    }

    private void assertFilterError(ErrorCode code, String message, Message... components) {
        Message response = describeRaw(false, components);
        assertEquals(code.code(), response.get(DescribeClientQuotasResponse.ERROR_CODE));
        assertEquals(message, response.get(DescribeClientQuotasResponse.ERROR_MESSAGE));
    }
}
