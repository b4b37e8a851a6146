package io.petrel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link ApiKey#versions()} is read from the enum so that it does not load the API's schemas; these checks keep it the
 * range the schemas themselves declare, so that an ApiVersions answer and a client's version choice stay what the
 * schemas can encode and decode.
 */
class ApiKeyTest {

    @TestFactory
    Stream<DynamicTest> eachApisVersionsAreThoseItsRequestAndResponseSchemasDeclare() {
        return Arrays.stream(ApiKey.values()).map(api -> dynamicTest(api.name(), () -> {
            assertEquals(api.requestSchema().validVersions(), api.versions(),
                    api + ": versions() against " + api.requestSchema().name());
            assertEquals(api.responseSchema().validVersions(), api.versions(),
                    api + ": versions() against " + api.responseSchema().name());
            assertEquals(api.id(), api.requestSchema().apiKey(), api + ": the request schema's key");
            assertEquals(api.id(), api.responseSchema().apiKey(), api + ": the response schema's key");
        }));
    }
}
