package io.petrel.client.internal.metrics;

import io.petrel.client.Metric;
import io.petrel.client.MetricName;
import io.petrel.client.MetricsReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Publishes a client's metrics as MBeans named as kafka-clients' JmxReporter names them, so dashboards and the
 * Prometheus JMX exporter's rules for Kafka clients work unchanged: one MBean per group and tag set,
 * {@code PREFIX:type=GROUP,TAG=VALUE,...} ({@code kafka.producer:type=producer-metrics,client-id=producer-1},
 * {@code kafka.consumer:type=consumer-fetch-manager-metrics,client-id=C,topic=T,partition=0}), each metric an
 * attribute read when asked. MBeans appear as metrics are added and go when the client closes.
 *
 * <p>Registration on the platform MBeanServer takes its lock; it happens when a metric is first added (a
 * client starting, a topic's or broker's first use), never when a value is recorded.
 */
public final class JmxReporter implements MetricsReporter {
    private static final Logger log = LoggerFactory.getLogger(JmxReporter.class);
    private static final Pattern UNQUOTED = Pattern.compile("[\\w\\-.]*");

    private final String prefix;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<ObjectName, MetricsBean> beans = new ConcurrentHashMap<>();

    /** @param prefix the MBeans' domain: {@code kafka.producer}, {@code kafka.consumer} */
    public JmxReporter(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void init(List<Metric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public synchronized void metricChange(Metric metric) {
        ObjectName name = objectName(metric.metricName());
        MetricsBean bean = beans.computeIfAbsent(name, n -> new MetricsBean());
        bean.put(metric);
        register(name, bean);
    }

    @Override
    public synchronized void metricRemoval(Metric metric) {
        ObjectName name = objectName(metric.metricName());
        MetricsBean bean = beans.get(name);
        if (bean == null) {
            return;
        }
        bean.remove(metric.metricName().name());
        if (bean.isEmpty()) {
            beans.remove(name);
            unregister(name);
        } else {
            register(name, bean);
        }
    }

    @Override
    public synchronized void close() {
        beans.keySet().forEach(this::unregister);
        beans.clear();
    }

    /** The MBean name kafka-clients gives a metric: its domain, {@code type=} its group, then its tags. */
    public ObjectName objectName(MetricName metric) {
        StringBuilder name = new StringBuilder(prefix).append(":type=").append(metric.group());
        metric.tags().forEach((key, value) -> {
            if (!key.isEmpty() && !value.isEmpty()) {
                name.append(',').append(key).append('=').append(sanitize(value));
            }
        });
        try {
            return new ObjectName(name.toString());
        } catch (JMException e) {
            throw new IllegalArgumentException("Metric " + metric + " makes no valid MBean name: " + name, e);
        }
    }

    /** As kafka-clients: values with characters JMX reserves are quoted. */
    private static String sanitize(String value) {
        return UNQUOTED.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    /** Registers the bean afresh, so JMX clients see its new attribute list (as kafka-clients re-registers). */
    private void register(ObjectName name, MetricsBean bean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (JMException e) {
            log.warn("Could not register MBean {}: {}", name, e.toString());
        }
    }

    private void unregister(ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.warn("Could not unregister MBean {}: {}", name, e.toString());
        }
    }

    /** One MBean: the metrics of one group and tag set, by name. */
    private static final class MetricsBean implements DynamicMBean {
        private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

        void put(Metric metric) {
            metrics.put(metric.metricName().name(), metric);
        }

        void remove(String name) {
            metrics.remove(name);
        }

        boolean isEmpty() {
            return metrics.isEmpty();
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            Metric metric = metrics.get(attribute);
            if (metric == null) {
                throw new AttributeNotFoundException("No metric " + attribute + " here; there are " + metrics.keySet());
            }
            return metric.metricValue();
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList list = new AttributeList();
            for (String attribute : attributes) {
                Metric metric = metrics.get(attribute);
                if (metric != null) {
                    list.add(new Attribute(attribute, metric.metricValue()));
                }
            }
            return list;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            Map<String, Metric> now = new HashMap<>(metrics);
            MBeanAttributeInfo[] attributes = now.entrySet().stream()
                    .map(e -> new MBeanAttributeInfo(e.getKey(), double.class.getName(),
                            e.getValue().metricName().description(), true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(getClass().getName(), "Metrics of a Petrel client", attributes, null, null, null);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("Metrics are read-only: " + attribute.getName());
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            throw new UnsupportedOperationException("Metrics are read-only");
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("Metrics have no operations: " + actionName);
        }
    }
}
