package dev.coffer.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** What {@code coffer demo} prints and writes to {@code demo.json}. */
public record DemoAccount(
        @JsonProperty("address") String address,
        @JsonProperty("password") String password,
        @JsonProperty("appPassword") String appPassword,
        @JsonProperty("ports") Map<String, Integer> ports) {}
