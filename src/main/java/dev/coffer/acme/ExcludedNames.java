package dev.coffer.acme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Names the CA could not validate lately, each left out of certificates until a time, kept in
 * {@code DATA/acme/excluded-names} ("name instant" per line) so that a restart does not order
 * again at once (CAs limit duplicate certificates and failed validations).
 */
final class ExcludedNames {

    private final Path file;

    ExcludedNames(Path dataDir) {
        this.file = dataDir.resolve("acme").resolve("excluded-names");
    }

    /** The names still excluded at {@code now}. */
    Set<String> at(Instant now) throws IOException {
        return read().entrySet().stream().filter(e -> now.isBefore(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    void exclude(Set<String> names, Instant until, Instant now) throws IOException {
        Map<String, Instant> all = read();
        all.values().removeIf(time -> !now.isBefore(time));
        names.forEach(name -> all.put(name, until));
        StringBuilder text = new StringBuilder();
        all.forEach((name, time) -> text.append(name).append(' ').append(time).append('\n'));
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, Instant> read() throws IOException {
        Map<String, Instant> all = new TreeMap<>();
        if (!Files.exists(file)) {
            return all;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 2) {
                try {
                    all.put(fields[0], Instant.parse(fields[1]));
                } catch (DateTimeParseException damaged) {
                    // A damaged line only means that name is tried again.
                }
            }
        }
        return all;
    }
}
