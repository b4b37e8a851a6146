package io.petrel.tools;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JVM's launcher finds {@code main} by looking through the main class's public methods, which loads every type
 * their signatures name: a picocli type there is read from picocli's jar on every launch (picocli's classes cannot
 * come from the launcher's CDS archive), after every jar before it on the class path is opened.
 */
class PetrelMainClassTest {

    @Test
    void publicMethodsNameNoPicocliType() {
        List<String> picocliInSignatures = new ArrayList<>();
        for (Method method : Petrel.class.getMethods()) {
            List<Class<?>> types = new ArrayList<>(Arrays.asList(method.getParameterTypes()));
            types.add(method.getReturnType());
            for (Class<?> type : types) {
                if (type.getName().startsWith("picocli.")) {
                    picocliInSignatures.add(method.getName() + ": " + type.getName());
                }
            }
        }
        assertEquals(List.of(), picocliInSignatures);
    }
}
