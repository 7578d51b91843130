package dev.coffer.web;

import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The headers every HTTPS answer carries, errors included: a strict transport policy, a
 * content policy that lets a page load nothing but its own scripts, styles and images, and no
 * referrer, framing, sniffing or powerful browser features.
 */
public final class SecurityHeaders {

    // RFC 6797 §6.1: two years, subdomains too; "preload" only when the operator has opted in.
    private static final String HSTS = "max-age=63072000; includeSubDomains";

    private static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'");

    private static final String PERMISSIONS_POLICY = String.join(", ",
            "accelerometer=()", "browsing-topics=()", "camera=()", "display-capture=()", "geolocation=()",
            "gyroscope=()", "interest-cohort=()", "magnetometer=()", "microphone=()", "payment=()", "usb=()");

    private final SequencedMap<String, String> fixed;
    private final String onionBase;

    /**
     * @param hstsPreload  add {@code preload} to Strict-Transport-Security
     * @param onionAddress the onion service (a name, or a URL with its scheme); empty: no Onion-Location
     */
    public SecurityHeaders(boolean hstsPreload, String onionAddress) {
        SequencedMap<String, String> headers = new LinkedHashMap<>();
        headers.put("Strict-Transport-Security", hstsPreload ? HSTS + "; preload" : HSTS);
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", PERMISSIONS_POLICY);
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("X-Frame-Options", "DENY");
        this.fixed = headers;
        this.onionBase = onionBase(onionAddress);
    }

    /** The headers for an answer to {@code pathAndQuery} (the request target as the client sent it). */
    public SequencedMap<String, String> forTarget(String pathAndQuery) {
        SequencedMap<String, String> headers = new LinkedHashMap<>(fixed);
        if (!onionBase.isEmpty()) {
            String target = pathAndQuery.startsWith("/") ? pathAndQuery : "/";
            headers.put("Onion-Location", onionBase + target);
        }
        return headers;
    }

    /** Without a scheme the onion service is plain HTTP: Tor already encrypts and authenticates it. */
    private static String onionBase(String onionAddress) {
        String address = onionAddress == null ? "" : onionAddress.strip();
        if (address.isEmpty()) {
            return "";
        }
        String base = address.contains("://") ? address : "http://" + address;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
