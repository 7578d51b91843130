package dev.coffer.jmap.keys;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** A Web Key Directory on a loopback port: serves the keys it is given by Host and path, 404 otherwise. */
final class WkdServer implements AutoCloseable {

    record Request(String host, String path, String query) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final HttpsServer server;

    WkdServer(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(host, path, exchange.getRequestURI().getQuery()));
            byte[] key = keys.get(host + path);
            try (OutputStream out = exchange.getResponseBody()) {
                if (key == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    exchange.sendResponseHeaders(200, key.length);
                    out.write(key);
                }
            }
        });
        server.start();
    }

    void serve(String host, String path, byte[] key) {
        keys.put(host + path, key);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
