package dev.coffer.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ClientNetworkTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void anIpv4ClientIsCountedByItsAddress() throws Exception {
        assertThat(ClientNetwork.host(ip("192.0.2.77"))).isEqualTo("192.0.2.77/32");
        assertThat(ClientNetwork.host(ip("192.0.2.78"))).isNotEqualTo(ClientNetwork.host(ip("192.0.2.77")));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        String one = ClientNetwork.host(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertThat(one).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientNetwork.host(ip("2001:db8:1:2::1"))).isEqualTo(one);
        assertThat(ClientNetwork.host(ip("2001:db8:1:3::1"))).isNotEqualTo(one);
    }

    @Test
    void greylistingGroupsIpv4BySlash24AndIpv6BySlash64() throws Exception {
        assertThat(ClientNetwork.greylist(ip("198.51.100.7"))).isEqualTo("198.51.100.0/24")
                .isEqualTo(ClientNetwork.greylist(ip("198.51.100.250")));
        assertThat(ClientNetwork.greylist(ip("198.51.101.7"))).isEqualTo("198.51.101.0/24");
        assertThat(ClientNetwork.greylist(ip("2001:db8::1"))).isEqualTo(ClientNetwork.greylist(ip("2001:db8::ffff:1")));
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 77};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(ClientNetwork.host(address)).isEqualTo("192.0.2.77/32");
        assertThat(ClientNetwork.greylist(address)).isEqualTo("192.0.2.0/24");
    }

    @Test
    void prefixesThatEndInsideAByteKeepOnlyTheirBits() throws Exception {
        assertThat(ClientNetwork.prefix(ip("10.255.255.255"), 12, 64)).isEqualTo("10.240.0.0/12");
        assertThat(ClientNetwork.prefix(ip("2001:db8:ffff::"), 48, 36)).isEqualTo("2001:db8:f000:0:0:0:0:0/36");
    }
}
