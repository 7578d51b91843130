package dev.coffer.filter;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/** Where clamd listens: its TCPSocket ({@code host:port}) or its LocalSocket (an absolute path). */
public record ClamdAddress(SocketAddress address, StandardProtocolFamily family) {

    /** Parses {@code filter.clamd}: {@code 127.0.0.1:3310}, {@code [::1]:3310} or {@code /run/clamav/clamd.ctl}. */
    public static ClamdAddress parse(String configured) {
        String value = configured.strip();
        if (value.startsWith("/")) {
            return new ClamdAddress(UnixDomainSocketAddress.of(Path.of(value)), StandardProtocolFamily.UNIX);
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("filter.clamd must be host:port or a socket path, not " + configured);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("filter.clamd has no port number: " + configured, e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("filter.clamd port out of range: " + configured);
        }
        InetSocketAddress inet = new InetSocketAddress(host, port);
        boolean v6 = inet.getAddress() instanceof Inet6Address;
        return new ClamdAddress(inet, v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    }
}
