package io.driftline.models.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Reads the fixtures that {@code src/test/resources/drift/make_fixtures.py} wrote with scipy and numpy. */
final class DriftFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DriftFixtures() {
    }

    /** The cases of one fixture file. */
    static List<JsonNode> cases(String file) {
        try (InputStream in = DriftFixtures.class.getResourceAsStream("/drift/" + file)) {
            if (in == null) {
                throw new IllegalStateException("fixture not on the test classpath: /drift/" + file);
            }
            List<JsonNode> cases = new ArrayList<>();
            JSON.readTree(in).get("cases").forEach(cases::add);
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read fixture " + file, e);
        }
    }

    /** Cases as JUnit arguments: the case's name (for the display name), then the case. */
    static Stream<Arguments> named(String file) {
        return cases(file).stream().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    static long[] longs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }

    static Map<String, Double> doubleMap(JsonNode object) {
        Map<String, Double> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asDouble()));
        return map;
    }

    static Map<String, Long> longMap(JsonNode object) {
        Map<String, Long> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }
}
