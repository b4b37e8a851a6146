package io.petrel.broker.internal.handler;

import io.petrel.broker.internal.acl.AclOperation;
import io.petrel.broker.internal.topic.Topic;
import io.petrel.broker.internal.topic.TopicException;
import io.petrel.broker.internal.topic.TopicRegistry;
import io.petrel.protocol.ApiKey;
import io.petrel.protocol.ErrorCode;
import io.petrel.protocol.Message;
import io.petrel.protocol.Versions;
import io.petrel.protocol.schemas.DescribeLogDirsRequest;
import io.petrel.protocol.schemas.DescribeLogDirsRequest.DescribableLogDirTopic;
import io.petrel.protocol.schemas.DescribeLogDirsResponse;
import io.petrel.protocol.schemas.DescribeLogDirsResponse.DescribeLogDirsPartition;
import io.petrel.protocol.schemas.DescribeLogDirsResponse.DescribeLogDirsResult;
import io.petrel.protocol.schemas.DescribeLogDirsResponse.DescribeLogDirsTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DescribeLogDirs (v1-5), what Admin.describeLogDirs and kafka-log-dirs show: the broker's one log
 * directory (its data directory) with the size of each partition asked for (all of them for a null topic list),
 * offset lag 0 (the log is its own leader), never a future replica, and from v4 the file system's total and usable
 * bytes.
 *
 * <p>As Kafka: the request needs DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED with no directories
 * (request-wide from v3); partitions this broker does not have are left out without an error.
 */
public final class DescribeLogDirsHandler implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(DescribeLogDirsHandler.class);

    private final TopicRegistry topics;
    private final Path dataDir;
    private final RequestAuthorizer access;

    public DescribeLogDirsHandler(TopicRegistry topics, Path dataDir, RequestAuthorizer access) {
        this.topics = topics;
        this.dataDir = dataDir.toAbsolutePath();
        this.access = access;
    }

    @Override
    public ApiKey api() {
        return ApiKey.DESCRIBE_LOG_DIRS;
    }

    @Override
    public Versions versions() {
        return ApiKey.DESCRIBE_LOG_DIRS.versions();
    }

    @Override
    public CompletableFuture<Response> handle(RequestContext context, Message request) {
        return ImmediateResponse.of(() -> describe(context, request));
    }

    private Message describe(RequestContext context, Message request) {
        Message response = DescribeLogDirsResponse.SCHEMA.newMessage().set(DescribeLogDirsResponse.THROTTLE_TIME_MS, 0);
        if (!access.allowedOnCluster(context, AclOperation.DESCRIBE)) {
            return response.set(DescribeLogDirsResponse.ERROR_CODE, ErrorCode.CLUSTER_AUTHORIZATION_FAILED.code())
                    .set(DescribeLogDirsResponse.RESULTS, new ArrayList<>());
        }
        Map<String, TreeSet<Integer>> wanted = wanted(request.get(DescribeLogDirsRequest.TOPICS));
        List<Message> described = new ArrayList<>();
        wanted.forEach((topic, partitions) -> {
            List<Message> sizes = new ArrayList<>();
            for (int p : partitions) {
                try {
                    sizes.add(Message.of(DescribeLogDirsPartition.SCHEMA)
                            .set(DescribeLogDirsPartition.PARTITION_INDEX, p)
                            .set(DescribeLogDirsPartition.PARTITION_SIZE, topics.partition(topic, p).sizeInBytes())
                            .set(DescribeLogDirsPartition.OFFSET_LAG, 0L)
                            .set(DescribeLogDirsPartition.IS_FUTURE_KEY, false));
                } catch (TopicException e) {
                    // Kafka leaves out what it does not host; the topic may also have gone since it was listed.
                    log.debug("DescribeLogDirs skips {}-{}: {}", topic, p, e.getMessage());
                }
            }
            if (!sizes.isEmpty()) {
                described.add(Message.of(DescribeLogDirsTopic.SCHEMA)
                        .set(DescribeLogDirsTopic.NAME, topic)
                        .set(DescribeLogDirsTopic.PARTITIONS, sizes));
            }
        });
        Message dir = Message.of(DescribeLogDirsResult.SCHEMA)
                .set(DescribeLogDirsResult.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeLogDirsResult.LOG_DIR, dataDir.toString())
                .set(DescribeLogDirsResult.TOPICS, described);
        if (context.apiVersion() >= 4) {
            space(dir);
        }
        return response.set(DescribeLogDirsResponse.ERROR_CODE, ErrorCode.NONE.code())
                .set(DescribeLogDirsResponse.RESULTS, new ArrayList<>(List.of(dir)));
    }

    /** The partitions asked for by topic, in order; a null list asks for every partition here. */
    private Map<String, TreeSet<Integer>> wanted(List<Message> requested) {
        Map<String, TreeSet<Integer>> wanted = new TreeMap<>();
        if (requested == null) {
            for (Topic t : topics.topics()) {
                TreeSet<Integer> all = new TreeSet<>();
                for (int p = 0; p < t.partitions(); p++) {
                    all.add(p);
                }
                wanted.put(t.name(), all);
            }
            return wanted;
        }
        for (Message t : requested) {
            wanted.computeIfAbsent(t.get(DescribableLogDirTopic.TOPIC), k -> new TreeSet<>())
                    .addAll(t.get(DescribableLogDirTopic.PARTITIONS));
        }
        return wanted;
    }

    /** Total and usable bytes of the file system under the data directory; -1 (Kafka's unknown) if it cannot say. */
    private void space(Message dir) {
        try {
            FileStore store = Files.getFileStore(dataDir);
            dir.set(DescribeLogDirsResult.TOTAL_BYTES, store.getTotalSpace())
                    .set(DescribeLogDirsResult.USABLE_BYTES, store.getUsableSpace());
        } catch (IOException e) {
            log.warn("Could not read the space of the file system holding {}", dataDir, e);
        }
    }
}
