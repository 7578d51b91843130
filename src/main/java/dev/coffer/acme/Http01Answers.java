package dev.coffer.acme;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where HTTP-01 key authorizations are published by token while the CA validates (RFC 8555 §8.3):
 * the http listener's table of challenges.
 */
public record Http01Answers(BiConsumer<String, String> publish, Consumer<String> withdraw) {}
