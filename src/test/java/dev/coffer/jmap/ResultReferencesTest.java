package dev.coffer.jmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ResultReferencesTest {

    @Test
    void starMapsOverArraysAndFlattensArrayResults() throws Exception {
        // RFC 8620 §3.7 example: Thread/get's list/*/emailIds gathered into one array.
        JsonNode threads = new ObjectMapper().readTree(
                "{\"list\":[{\"id\":\"t1\",\"emailIds\":[\"e1\",\"e2\"]},{\"id\":\"t2\",\"emailIds\":[\"e3\"]}]}");

        assertThat(ResultReferences.evaluate(threads, "/list/*/emailIds").toString()).isEqualTo("[\"e1\",\"e2\",\"e3\"]");
        assertThat(ResultReferences.evaluate(threads, "/list/*/id").toString()).isEqualTo("[\"t1\",\"t2\"]");
        assertThat(ResultReferences.evaluate(threads, "/list/1/id").asText()).isEqualTo("t2");
        assertThat(ResultReferences.evaluate(threads, "/nothing")).isNull();
    }
}
