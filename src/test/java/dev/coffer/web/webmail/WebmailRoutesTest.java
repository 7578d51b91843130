package dev.coffer.web.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.TestTls;
import dev.coffer.web.HttpsListener;
import dev.coffer.web.SecurityHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The page is revalidated every time; the versioned assets are immutable and typed; other versions are gone. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebmailRoutesTest {

    WebmailAssets assets = WebmailAssets.load();
    HttpsListener https;
    HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        https = new HttpsListener(TestTls.serverTls(dir), new SecurityHeaders(false, ""),
                List.of(new WebmailRoutes(assets)));
        https.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = HttpClient.newBuilder().sslContext(TestTls.clientTrusting(dir.resolve("ca.pem")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        https.close();
    }

    @Test
    void thePageIsHtmlThatIsNeverUsedWithoutRevalidation() throws Exception {
        HttpResponse<byte[]> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("cache-control")).hasValue("no-cache");
        assertThat(page.body()).isEqualTo(assets.page());
    }

    @Test
    void nothingIsCompressedSoBreachHasNothingToMeasure() throws Exception {
        HttpResponse<byte[]> page = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/"))
                .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(page.headers().firstValue("content-encoding")).isEmpty();
        assertThat(page.body()).isEqualTo(assets.page());
    }

    @Test
    void everyAssetIsServedImmutableWithItsType() throws Exception {
        for (WebmailAssets.Asset asset : assets.assets()) {
            HttpResponse<byte[]> served = get(asset.path());

            assertThat(served.statusCode()).as(asset.path()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(asset.bytes());
            assertThat(served.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
            assertThat(served.headers().firstValue("content-type").orElseThrow().replace(" ", ""))
                    .isEqualTo(asset.mediaType().replace(" ", ""));
        }
    }

    @Test
    void anotherVersionOfAnAssetIsNotFound() throws Exception {
        assertThat(get("/assets/0000000000000000/app.js").statusCode()).isEqualTo(404);
        assertThat(get("/app.js").statusCode()).isEqualTo(404);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
