package io.petrel.interop.security;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;

/** The (broker, mode) pairs the secured contract classes run over: every mode on every secured broker. */
public final class SecuredContractRuns {
    private SecuredContractRuns() {
    }

    /** Arguments for a {@code @ParameterizedClass}: a {@link BrokerKind} and a {@link SecurityMode}. */
    public static List<Arguments> brokersAndModes() {
        List<Arguments> runs = new ArrayList<>();
        for (BrokerKind kind : BrokerKind.values()) {
            for (SecurityMode mode : SecurityMode.values()) {
                runs.add(Arguments.of(kind, mode));
            }
        }
        return runs;
    }
}
