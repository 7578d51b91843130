package dev.coffer.web.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page names its files; the server adds versioned paths and integrity from the bytes it serves. */
class WebmailAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)=\"(/assets/[^\"]+)\" integrity=\"(sha384-[^\"]+)\" crossorigin=\"anonymous\"");

    private static WebmailAssets.Source files(Map<String, String> files) {
        return name -> files.containsKey(name)
                ? new ByteArrayInputStream(files.get(name).getBytes(StandardCharsets.UTF_8)) : null;
    }

    @Test
    void addsIntegrityFromTheBytesAndAVersionedPath() throws Exception {
        WebmailAssets assets = WebmailAssets.load(files(Map.of(
                "index.html", "<html><head><link rel=\"stylesheet\" href=\"a.css\"><script src=\"a.js\" defer></script>"
                        + "</head></html>",
                "a.js", "console.log(1);",
                "a.css", "body{}")));

        String page = new String(assets.page(), StandardCharsets.UTF_8);
        Matcher references = REFERENCE.matcher(page);
        int count = 0;
        while (references.find()) {
            WebmailAssets.Asset asset = assets.asset(references.group(1)).orElseThrow();
            String expected = "sha384-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-384").digest(asset.bytes()));
            assertThat(references.group(2)).isEqualTo(expected);
            count++;
        }
        assertThat(count).isEqualTo(2);
        assertThat(page).doesNotContain("\"a.js\"").doesNotContain("\"a.css\"");
    }

    @Test
    void theVersionChangesWithTheBytes() {
        String html = "<script src=\"a.js\"></script>";
        WebmailAssets one = WebmailAssets.load(files(Map.of("index.html", html, "a.js", "1")));
        WebmailAssets two = WebmailAssets.load(files(Map.of("index.html", html, "a.js", "2")));

        assertThat(one.assets().iterator().next().path()).isNotEqualTo(two.assets().iterator().next().path());
    }

    @Test
    void refusesInlineScriptsStylesAndHandlers() {
        for (String html : new String[] {"<script>alert(1)</script>", "<style>body{}</style>",
                "<button onclick=\"x()\">", "<p style=\"color:red\">", "<a href=\"javascript:x()\">"}) {
            assertThatThrownBy(() -> WebmailAssets.load(files(Map.of("index.html", html))))
                    .as(html).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesAMissingFileAndAHandWrittenIntegrity() {
        assertThatThrownBy(() -> WebmailAssets.load(files(Map.of("index.html", "<script src=\"gone.js\"></script>"))))
                .hasMessageContaining("gone.js");
        assertThatThrownBy(() -> WebmailAssets.load(files(Map.of("index.html",
                "<script src=\"a.js\" integrity=\"sha384-x\"></script>", "a.js", "1"))))
                .hasMessageContaining("integrity");
    }

    @Test
    void theShippedWebmailLoadsEveryScriptAndStyleWithIntegrity() {
        WebmailAssets assets = WebmailAssets.load();
        String page = new String(assets.page(), StandardCharsets.UTF_8);

        long tags = Pattern.compile("<script\\b|<link rel=\"stylesheet\"").matcher(page).results().count();
        assertThat(REFERENCE.matcher(page).results().count()).isEqualTo(tags).isEqualTo(3);
        assertThat(assets.assets()).extracting(WebmailAssets.Asset::name)
                .containsExactlyInAnyOrder("app.js", "app.css", "hash-wasm-argon2.umd.min.js");
    }
}
