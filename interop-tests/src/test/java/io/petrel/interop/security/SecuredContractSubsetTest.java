package io.petrel.interop.security;

import io.petrel.consumer.ConsumerContract;
import io.petrel.producer.ProducerContract;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core tests the secured contract classes name are tests of their contracts: a rename cannot drop one silently. */
class SecuredContractSubsetTest {
    @Test
    void everyCoreTestIsATestOfItsContract() {
        assertTests(ProducerContract.class, SecuredProducerContractTest.CORE);
        assertTests(ConsumerContract.class, SecuredConsumerContractTest.CORE);
    }

    private static void assertTests(Class<?> contract, Set<String> core) {
        Set<String> tests = Arrays.stream(contract.getDeclaredMethods())
                .filter(SecuredContractSubsetTest::isTest).map(Method::getName).collect(Collectors.toSet());
        assertTrue(tests.containsAll(core), () -> contract.getSimpleName() + " has no test named "
                + core.stream().filter(name -> !tests.contains(name)).toList());
    }

    private static boolean isTest(Method method) {
        return method.isAnnotationPresent(org.junit.jupiter.api.Test.class)
                || method.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class);
    }
}
