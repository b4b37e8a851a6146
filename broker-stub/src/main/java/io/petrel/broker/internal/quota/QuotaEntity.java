package io.petrel.broker.internal.quota;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A quota entity: one to three components (user, client-id, ip), each a name or the default ({@code null} name,
 * Kafka's {@code <default>}). Components are kept sorted by type, so two entities naming the same components in
 * another order are equal, as Kafka's {@code ClientQuotaEntity} maps are.
 *
 * @param components the components, sorted by type, at most one per type
 */
public record QuotaEntity(List<Component> components) {
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";
    public static final String IP = "ip";

    /**
     * One component of an entity.
     *
     * @param type the entity type ({@code user}, {@code client-id} or {@code ip})
     * @param name the name, or {@code null} for the default entity of that type
     */
    public record Component(String type, String name) {
        /** The name as Kafka's tools print it: {@code <default>} for the default. */
        public String displayName() {
            return name == null ? "<default>" : name;
        }
    }

    public QuotaEntity {
        List<Component> sorted = new ArrayList<>(components);
        sorted.sort(Comparator.comparing(Component::type));
        components = List.copyOf(sorted);
    }

    public static QuotaEntity of(Component... components) {
        return new QuotaEntity(List.of(components));
    }

    /** The component of this type, if the entity has one. */
    public Optional<Component> component(String type) {
        return components.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (Component c : components) {
            text.append(text.length() == 1 ? "" : ", ").append(c.type()).append('=').append(c.displayName());
        }
        return text.append('}').toString();
    }
}
