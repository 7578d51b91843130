package dev.coffer.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Tor onion service in front of Coffer ({@code [web] onion_address}): which onion ports Tor
 * forwards to which local listener. Onion clients use the standard ports (443, 993, 465, 587, 25)
 * whatever ports the listeners bind; a listener bound to every address (0.0.0.0 or ::) is reached
 * on loopback, one bound to a single address on that address.
 */
public record OnionService(String address, List<Port> ports) {

    /** Tor's directory for the service's keys, as Debian's tor package lays it out. */
    public static final String DIRECTORY = "/var/lib/tor/coffer/";

    /** One {@code HiddenServicePort}: the port onion clients use, and the local listener behind it. */
    public record Port(int onionPort, String listener, InetSocketAddress target) {}

    public OnionService {
        ports = List.copyOf(ports);
    }

    /** Empty when no onion address is configured. */
    public static Optional<OnionService> from(CofferConfig config) {
        if (config.web().onionAddress().isEmpty()) {
            return Optional.empty();
        }
        CofferConfig.Listeners listeners = config.listeners();
        List<Port> ports = new ArrayList<>();
        add(ports, 443, "https", listeners.https());
        add(ports, 993, "imaps", listeners.imaps());
        add(ports, 465, "submissions", listeners.submissions());
        add(ports, 587, "submission", listeners.submission());
        add(ports, 25, "smtp", listeners.smtp());
        return Optional.of(new OnionService(config.web().onionAddress(), ports));
    }

    private static void add(List<Port> ports, int onionPort, String listener, String address) {
        if (address == null || address.isEmpty()) {
            return;
        }
        InetSocketAddress bound = ListenAddress.parse(address);
        String host = bound.getHostString();
        String local = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "::1";
            default -> host;
        };
        ports.add(new Port(onionPort, listener, InetSocketAddress.createUnresolved(local, bound.getPort())));
    }

    /** The torrc lines (tor(1) HiddenServiceDir, HiddenServicePort VIRTPORT TARGET). */
    public List<String> torrcLines() {
        List<String> lines = new ArrayList<>();
        lines.add("HiddenServiceDir " + DIRECTORY);
        for (Port port : ports) {
            String host = port.target().getHostString();
            String target = host.contains(":") ? "[" + host + "]" : host;
            lines.add("HiddenServicePort " + port.onionPort() + " " + target + ":" + port.target().getPort());
        }
        return List.copyOf(lines);
    }
}
