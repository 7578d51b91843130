package dev.coffer.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads and validates {@code coffer.toml}; writes the file that {@code init} and {@code demo} create. */
public final class ConfigLoader {

    public static final String FILE_NAME = "coffer.toml";

    private static final TomlMapper MAPPER = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ConfigLoader() {}

    public static CofferConfig load(Path dataDir) throws ConfigException {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            CofferConfig config = MAPPER.readValue(Files.readString(file), CofferConfig.class);
            ConfigValidator.validate(config, file);
            return config;
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + " does not exist: run 'coffer init --data " + dataDir + "' first");
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(file + ": unknown key '" + keyPath(e) + "'");
        } catch (JsonMappingException e) {
            throw new ConfigException(file + ": bad value for '" + keyPath(e) + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
    }

    public static void write(Path dataDir, String toml) throws IOException {
        Files.writeString(dataDir.resolve(FILE_NAME), toml);
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
