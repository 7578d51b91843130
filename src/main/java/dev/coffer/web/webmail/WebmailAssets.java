package dev.coffer.web.webmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webmail's static files, read from the jar once. The page ({@code index.html}) names its
 * scripts and styles by file name; loading it rewrites each reference to a versioned path
 * ({@code /assets/VERSION/NAME}, VERSION taken from the file's hash, so it can be cached for a year)
 * and adds {@code integrity="sha384-…"} computed from the very bytes that path serves, with
 * {@code crossorigin}. The page must hold no inline script or style: the CSP would block it.
 */
public final class WebmailAssets {

    public static final String ASSET_PREFIX = "/assets/";

    private static final String RESOURCE_DIRECTORY = "webmail/";

    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern STYLESHEET = Pattern.compile("<link\\b([^>]*\\brel=\"stylesheet\"[^>]*)>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOURCE = Pattern.compile("\\b(src|href)=\"([A-Za-z0-9._-]+)\"");
    private static final Pattern INLINE = Pattern.compile("<style\\b|\\son[a-z]+=|\\sstyle=|javascript:",
            Pattern.CASE_INSENSITIVE);

    /** One file served under {@code /assets/VERSION/NAME}. */
    public record Asset(String name, String version, String mediaType, byte[] bytes, String integrity) {

        public String path() {
            return ASSET_PREFIX + version + "/" + name;
        }
    }

    private final byte[] page;
    private final Map<String, Asset> assetsByPath;

    private WebmailAssets(byte[] page, Map<String, Asset> assetsByPath) {
        this.page = page;
        this.assetsByPath = assetsByPath;
    }

    /** Loads the webmail shipped in the jar. */
    public static WebmailAssets load() {
        return load(name -> WebmailAssets.class.getClassLoader().getResourceAsStream(RESOURCE_DIRECTORY + name));
    }

    /** Where the files come from: a file name to its bytes, or null if there is no such file. */
    @FunctionalInterface
    public interface Source {
        InputStream open(String name) throws IOException;
    }

    /**
     * Reads the page and every script and style it names.
     *
     * @throws IllegalStateException when a named file is missing or the page has inline script or style
     */
    public static WebmailAssets load(Source source) {
        String html = new String(read(source, "index.html"), StandardCharsets.UTF_8);
        Matcher inline = INLINE.matcher(html);
        if (inline.find()) {
            throw new IllegalStateException("webmail index.html has inline script or style at: " + inline.group());
        }
        Map<String, Asset> assets = new LinkedHashMap<>();
        html = rewrite(html, SCRIPT, source, assets, true);
        html = rewrite(html, STYLESHEET, source, assets, false);
        return new WebmailAssets(html.getBytes(StandardCharsets.UTF_8), Map.copyOf(assets));
    }

    /** The page, with versioned paths and integrity attributes. */
    public byte[] page() {
        return page.clone();
    }

    /** The asset a request path names, if it names one exactly (old versions are gone). */
    public Optional<Asset> asset(String path) {
        return Optional.ofNullable(assetsByPath.get(path));
    }

    public Iterable<Asset> assets() {
        return assetsByPath.values();
    }

    private static String rewrite(String html, Pattern element, Source source, Map<String, Asset> assets,
                                  boolean script) {
        Matcher tags = element.matcher(html);
        StringBuilder out = new StringBuilder();
        while (tags.find()) {
            String attributes = tags.group(1);
            Matcher named = SOURCE.matcher(attributes);
            if (!named.find() || (script != named.group(1).equals("src"))) {
                throw new IllegalStateException("webmail index.html: every " + (script ? "script" : "stylesheet")
                        + " must name a file of its own with " + (script ? "src" : "href") + ": " + tags.group());
            }
            if (attributes.contains("integrity=")) {
                throw new IllegalStateException("webmail index.html: integrity is computed, do not write it: "
                        + tags.group());
            }
            Asset asset = asset(named.group(2), read(source, named.group(2)));
            assets.put(asset.path(), asset);
            String rewritten = named.replaceFirst(named.group(1) + "=\"" + asset.path() + "\" integrity=\""
                    + asset.integrity() + "\" crossorigin=\"anonymous\"");
            tags.appendReplacement(out, Matcher.quoteReplacement(tags.group().replace(attributes, rewritten)));
        }
        tags.appendTail(out);
        return out.toString();
    }

    private static Asset asset(String name, byte[] bytes) {
        byte[] sha384 = digest(bytes);
        // W3C SRI §3.5: the algorithm, a dash, the base64 of the digest.
        String integrity = "sha384-" + Base64.getEncoder().encodeToString(sha384);
        String version = HexFormat.of().formatHex(sha384, 0, 8);
        return new Asset(name, version, mediaType(name), bytes, integrity);
    }

    static String mediaType(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        throw new IllegalStateException("webmail asset of an unknown type: " + name);
    }

    private static byte[] read(Source source, String name) {
        try (InputStream in = source.open(name)) {
            if (in == null) {
                throw new IllegalStateException("webmail file missing from the jar: " + RESOURCE_DIRECTORY + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read webmail file " + name, e);
        }
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is missing from this Java runtime", e);
        }
    }
}
