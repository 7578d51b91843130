package dev.coffer.web;

import dev.coffer.crypto.ServerTls;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's TLS side, on Coffer's own certificate and with the policy of every other listener
 * ({@link ServerTls#parameters()}: TLS 1.2/1.3, forward-secret AEAD suites, server preference).
 * The context is ServerTls's own, so a certificate it swaps in is served here too, without a restart.
 */
final class TlsConnectorPolicy extends SslContextFactory.Server {

    private final ServerTls tls;

    TlsConnectorPolicy(ServerTls tls) {
        this.tls = tls;
        setSslContext(tls.context());
        SSLParameters policy = tls.parameters();
        setIncludeProtocols(policy.getProtocols());
        setIncludeCipherSuites(policy.getCipherSuites());
        setUseCipherSuitesOrder(true);
        setRenegotiationAllowed(false);
        // One certificate for every name: a client that asks for another name still gets it and judges it itself.
        setSniRequired(false);
    }

    @Override
    public void customize(SSLEngine engine) {
        super.customize(engine);
        SSLParameters parameters = engine.getSSLParameters();
        SSLParameters policy = tls.parameters();
        parameters.setProtocols(policy.getProtocols());
        parameters.setCipherSuites(policy.getCipherSuites());
        parameters.setNamedGroups(policy.getNamedGroups());
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
        // RFC 8737 §3: ACME TLS-ALPN-01 validation connects here with ALPN "acme-tls/1".
        engine.setHandshakeApplicationProtocolSelector(tls::selectApplicationProtocol);
    }
}
