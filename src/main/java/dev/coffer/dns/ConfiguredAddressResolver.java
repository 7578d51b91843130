package dev.coffer.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes every host-name lookup of the JVM — the MTA-STS policy fetch's HTTPS client among
 * them — ask the resolver named in {@code [dns] resolver} once the server has installed it.
 * That resolver's answer is final: a name it does not know is not looked up anywhere else, so
 * no query goes past the resolver the operator chose. Only {@code localhost} stays the system's.
 * Registered as a JDK resolver provider (JEP 418) in {@code META-INF/services}.
 */
public final class ConfiguredAddressResolver extends InetAddressResolverProvider {

    /** Looks up the addresses of a host; throws or returns nothing when it has no answer. */
    @FunctionalInterface
    public interface Lookup {
        List<InetAddress> addresses(String host) throws DnsException;
    }

    private static volatile Lookup configured;

    /** Routes the JVM's lookups through {@code lookup} from now on. */
    public static void install(Lookup lookup) {
        configured = lookup;
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver system = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                Lookup lookup = configured;
                if (lookup == null || host.equalsIgnoreCase("localhost")) {
                    return system.lookupByName(host, policy);
                }
                List<InetAddress> found;
                try {
                    found = lookup.addresses(host);
                } catch (DnsException e) {
                    throw new UnknownHostException(host + ": " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new UnknownHostException(host + ": no address at the configured resolver");
                }
                return found.stream().map(address -> withName(host, address));
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return system.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "coffer-configured-dns";
    }

    private static InetAddress withName(String host, InetAddress address) {
        try {
            return InetAddress.getByAddress(host, address.getAddress());
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
