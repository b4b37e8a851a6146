/**
 * Petrel's Admin client: {@link io.petrel.admin.Admin}, created with {@link io.petrel.admin.Admin#create} from
 * Kafka's admin settings ({@link io.petrel.admin.AdminConfig}), administers topics, configs, offsets, records and
 * consumer groups with Kafka's Admin method names. Calls return CompletableFutures, several-resource calls a
 * {@link io.petrel.admin.ResourceResults} (a future per resource and {@code all()}); values are records
 * ({@link io.petrel.admin.NewTopic}, {@link io.petrel.admin.TopicDescription}, {@link io.petrel.admin.ConfigEntry},
 * ...), failures the exceptions of this package naming the resource (all
 * {@link io.petrel.client.BrokerErrorException}s).
 *
 * <p>The implementation is in {@code io.petrel.admin.internal}: {@code PetrelAdmin} wires the call families
 * ({@code TopicCalls}, {@code ConfigCalls}, {@code OffsetCalls}, {@code GroupCalls}) onto one {@code AdminRequests},
 * which sends over client-core's network (to any broker, a node, or a group's coordinator found by client-core's
 * {@code CoordinatorLookup}); {@code AdminErrors} turns error codes into this package's exceptions.
 */
package io.petrel.admin;
