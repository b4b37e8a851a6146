package io.petrel.broker.internal.group;

import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.schemas.DescribeGroupsRequest;
import io.petrel.protocol.schemas.DescribeGroupsResponse;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroup;
import io.petrel.protocol.schemas.DescribeGroupsResponse.DescribedGroupMember;
import io.petrel.protocol.schemas.FindCoordinatorRequest;
import io.petrel.protocol.schemas.FindCoordinatorResponse;
import io.petrel.protocol.schemas.ListGroupsRequest;
import io.petrel.protocol.schemas.ListGroupsResponse;
import io.petrel.protocol.schemas.ListGroupsResponse.ListedGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DescribeListFindTest {
    @TempDir
    Path dir;
    GroupHarness h;

    @BeforeEach
    void open() throws Exception {
        h = new GroupHarness(dir, Duration.ofSeconds(3));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void describeShowsAStableGroupWithMembersAndAssignments() {
        List<GroupHarness.Member> members = h.formGroup("g", 2);
        Message d = h.describe("g");
        assertEquals(ErrorCode.NONE.code(), d.get(DescribedGroup.ERROR_CODE));
        assertEquals("Stable", d.get(DescribedGroup.GROUP_STATE));
        assertEquals("consumer", d.get(DescribedGroup.PROTOCOL_TYPE));
        assertEquals("range", d.get(DescribedGroup.PROTOCOL_DATA));
        List<Message> ms = d.get(DescribedGroup.MEMBERS);
        assertEquals(List.of(members.get(0).memberId(), members.get(1).memberId()),
                ms.stream().map(m -> m.get(DescribedGroupMember.MEMBER_ID)).collect(Collectors.toList()));
        assertEquals("client-1", ms.get(0).get(DescribedGroupMember.CLIENT_ID));
        assertEquals("/127.0.0.1", ms.get(0).get(DescribedGroupMember.CLIENT_HOST));
        assertArrayEquals(GroupHarness.bytes("assignment-1"), ms.get(1).get(DescribedGroupMember.MEMBER_ASSIGNMENT));
        assertArrayEquals(GroupHarness.bytes("sub"), ms.get(1).get(DescribedGroupMember.MEMBER_METADATA));
        assertEquals(Integer.MIN_VALUE, d.get(DescribedGroup.AUTHORIZED_OPERATIONS));
    }

    @Test
    void describeDuringARebalanceOmitsMetadata() {
        h.formGroup("g", 1);
        h.join("g", h.memberIdFor("g"));
        Message d = h.describe("g");
        assertEquals("PreparingRebalance", d.get(DescribedGroup.GROUP_STATE));
        assertEquals("", d.get(DescribedGroup.PROTOCOL_DATA));
        assertEquals(2, d.get(DescribedGroup.MEMBERS).size());
        assertEquals(0, d.get(DescribedGroup.MEMBERS).get(0).get(DescribedGroupMember.MEMBER_ASSIGNMENT).length);
    }

    @Test
    void anUnknownGroupIsDeadBeforeVersion6AndNotFoundFrom6() {
        Message v5 = h.describe((short) 5, "nope");
        assertEquals(ErrorCode.NONE.code(), v5.get(DescribedGroup.ERROR_CODE));
        assertEquals("Dead", v5.get(DescribedGroup.GROUP_STATE));
        Message v6 = h.describe((short) 6, "nope");
        assertEquals(ErrorCode.GROUP_ID_NOT_FOUND.code(), v6.get(DescribedGroup.ERROR_CODE));
        assertEquals("Group nope not found.", v6.get(DescribedGroup.ERROR_MESSAGE));
    }

    @Test
    void authorizedOperationsAreEverythingAGroupSupportsWhenAsked() {
        h.formGroup("g", 1);
        Message request = DescribeGroupsRequest.SCHEMA.newMessage().set(DescribeGroupsRequest.GROUPS, List.of("g"))
                .set(DescribeGroupsRequest.INCLUDE_AUTHORIZED_OPERATIONS, true);
        Message d = h.call(ApiKey.DESCRIBE_GROUPS, (short) 5, request).get(DescribeGroupsResponse.GROUPS).get(0);
        assertEquals(3400, d.get(DescribedGroup.AUTHORIZED_OPERATIONS));
    }

    private Map<String, Message> list(short v, List<String> states, List<String> types) {
        Message request = ListGroupsRequest.SCHEMA.newMessage();
        if (v >= 4) {
            request.set(ListGroupsRequest.STATES_FILTER, states);
        }
        if (v >= 5) {
            request.set(ListGroupsRequest.TYPES_FILTER, types);
        }
        Message r = h.call(ApiKey.LIST_GROUPS, v, request);
        assertEquals(ErrorCode.NONE.code(), r.get(ListGroupsResponse.ERROR_CODE));
        return r.get(ListGroupsResponse.GROUPS).stream().collect(Collectors.toMap(g -> g.get(ListedGroup.GROUP_ID), g -> g));
    }

    @Test
    void listGroupsShowsEveryGroupAndFiltersByStateAndType() {
        h.formGroup("stable", 1);
        h.commit((short) 9, "simple", -1, "", Map.of("t", Map.of(0, 1L)));
        h.join("rebalancing", h.memberIdFor("rebalancing"));

        Map<String, Message> all = list((short) 5, List.of(), List.of());
        assertEquals(3, all.size());
        assertEquals("Stable", all.get("stable").get(ListedGroup.GROUP_STATE));
        assertEquals("consumer", all.get("stable").get(ListedGroup.PROTOCOL_TYPE));
        assertEquals("classic", all.get("stable").get(ListedGroup.GROUP_TYPE));
        assertEquals("", all.get("simple").get(ListedGroup.PROTOCOL_TYPE));
        assertEquals("Empty", all.get("simple").get(ListedGroup.GROUP_STATE));
        assertEquals("PreparingRebalance", all.get("rebalancing").get(ListedGroup.GROUP_STATE));

        assertEquals(Map.of("stable", all.get("stable")).keySet(), list((short) 4, List.of("Stable"), null).keySet());
        assertEquals(2, list((short) 5, List.of("stable", "EMPTY"), List.of()).size());
        assertEquals(3, list((short) 5, List.of(), List.of("Classic")).size());
        assertEquals(0, list((short) 5, List.of(), List.of("consumer")).size());
        assertEquals(3, list((short) 0, null, null).size());
    }

    @Test
    void findCoordinatorNamesThisNode() {
        for (short v = 0; v <= 3; v++) {
            Message request = FindCoordinatorRequest.SCHEMA.newMessage().set(FindCoordinatorRequest.KEY, "g");
            Message r = h.call(ApiKey.FIND_COORDINATOR, v, request);
            assertEquals(ErrorCode.NONE.code(), r.get(FindCoordinatorResponse.ERROR_CODE));
            assertEquals(7, r.get(FindCoordinatorResponse.NODE_ID));
            assertEquals("broker.example", r.get(FindCoordinatorResponse.HOST));
            assertEquals(19092, r.get(FindCoordinatorResponse.PORT));
        }
        for (short v = 4; v <= 6; v++) {
            Message request = FindCoordinatorRequest.SCHEMA.newMessage()
                    .set(FindCoordinatorRequest.KEY_TYPE, (byte) 0)
                    .set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("g1", "g2"));
            List<Message> cs = h.call(ApiKey.FIND_COORDINATOR, v, request).get(FindCoordinatorResponse.COORDINATORS);
            assertEquals(List.of("g1", "g2"),
                    cs.stream().map(c -> c.get(FindCoordinatorResponse.Coordinator.KEY)).collect(Collectors.toList()));
            for (Message c : cs) {
                assertEquals(7, c.get(FindCoordinatorResponse.Coordinator.NODE_ID));
                assertEquals("broker.example", c.get(FindCoordinatorResponse.Coordinator.HOST));
                assertEquals(19092, c.get(FindCoordinatorResponse.Coordinator.PORT));
                assertEquals(ErrorCode.NONE.code(), c.get(FindCoordinatorResponse.Coordinator.ERROR_CODE));
            }
        }
        Message unknownType = FindCoordinatorRequest.SCHEMA.newMessage()
                .set(FindCoordinatorRequest.KEY_TYPE, (byte) 5)
                .set(FindCoordinatorRequest.COORDINATOR_KEYS, List.of("x"));
        Message c = h.call(ApiKey.FIND_COORDINATOR, (short) 6, unknownType).get(FindCoordinatorResponse.COORDINATORS).get(0);
        assertEquals(ErrorCode.INVALID_REQUEST.code(), c.get(FindCoordinatorResponse.Coordinator.ERROR_CODE));
    }
}
