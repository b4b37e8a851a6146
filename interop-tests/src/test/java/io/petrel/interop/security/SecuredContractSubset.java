package io.petrel.interop.security;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/**
 * Which contract tests a secured run makes, to keep the CI time of a dozen (broker, mode) runs small: every test of
 * the contract over {@link #FULL_MODE} (TLS and SCRAM together, the fullest stack), and over each other mode only
 * the core tests the test class names (a few hundred records written and read back, a consumer group, Kafka-style
 * properties). Volume stays with the PLAINTEXT runs ({@code ProducerOnRealKafkaTest}, {@code ConsumerOnRealKafkaTest}
 * and their broker-stub twins). A test left out is reported as skipped, saying why.
 */
public final class SecuredContractSubset implements ExecutionCondition {
    /** The mode every contract test runs over. */
    public static final SecurityMode FULL_MODE = SecurityMode.SASL_SSL_SCRAM_SHA_512;

    /** A secured contract class: the mode of the current run and the tests that run over every mode. */
    public interface Run {
        SecurityMode mode();

        Set<String> coreTests();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        Optional<Object> instance = context.getTestInstance();
        if (method.isEmpty() || instance.isEmpty() || !(instance.get() instanceof Run run)) {
            return ConditionEvaluationResult.enabled("not a secured contract test");
        }
        if (run.mode() == FULL_MODE || run.coreTests().contains(method.get().getName())) {
            return ConditionEvaluationResult.enabled("runs over " + run.mode());
        }
        return ConditionEvaluationResult.disabled("over modes other than " + FULL_MODE + " only the core tests run "
                + run.coreTests() + "; this one runs over " + FULL_MODE + " and PLAINTEXT");
    }
}
