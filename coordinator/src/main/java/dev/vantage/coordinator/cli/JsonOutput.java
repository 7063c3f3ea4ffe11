package dev.vantage.coordinator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * {@code --json} output: snake_case field names, times as ISO-8601 UTC ({@code 2025-01-02T03:04:05.678Z}),
 * milliseconds as plain decimals ({@code 12.345}).
 */
final class JsonOutput {
    private static final ObjectMapper COMPACT = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .addModule(new SimpleModule("vantage-cli").addSerializer(Instant.class, ToStringSerializer.instance))
            .build();
    private static final ObjectMapper PRETTY = COMPACT.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** A whole answer (an object or an array), indented for reading. */
    static void document(PrintWriter out, Object value) {
        out.println(write(PRETTY, value));
        out.flush();
    }

    /** One JSON Lines record, flushed at once so a reader sees it as it arrives. */
    static void line(PrintWriter out, Object value) {
        out.println(write(COMPACT, value));
        out.flush();
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
