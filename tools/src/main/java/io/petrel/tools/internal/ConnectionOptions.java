package io.petrel.tools.internal;

import io.petrel.tools.internal.admin.ClusterAdmin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where the cluster is, and settings for the admin connection: the options every client command shares. */
public final class ConnectionOptions {

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "The broker(s) to connect to, comma-separated host:port pairs.")
    String bootstrapServer;

    @Option(names = "--command-property", paramLabel = "KEY=VALUE",
            description = "A client setting for the admin connection (e.g. request.timeout.ms=5000); repeatable.")
    Map<String, String> commandProperties = new LinkedHashMap<>();

    public String bootstrapServer() {
        return bootstrapServer;
    }

    /** An admin client for this cluster. */
    public ClusterAdmin admin() {
        return ClusterAdmin.connect(bootstrapServer, commandProperties);
    }
}
