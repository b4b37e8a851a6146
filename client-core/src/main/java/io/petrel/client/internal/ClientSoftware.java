package io.petrel.client.internal;

/**
 * How Petrel's clients name themselves to brokers in ApiVersions v3+ (client_software_name and
 * client_software_version; brokers show them in metrics). Both must match {@code [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?}.
 */
public final class ClientSoftware {
    public static final String NAME = "petrel-java";
    /** The jar's Implementation-Version when packaged with one, else the development version. */
    public static final String VERSION = versionOf(ClientSoftware.class.getPackage());

    private ClientSoftware() {
    }

    private static String versionOf(Package pkg) {
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version != null && version.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?") ? version : "0.1.0-SNAPSHOT";
    }
}
