package dev.coffer.store;

import java.time.Instant;

/**
 * A domain's DKIM signing key.
 *
 * @param algorithm  {@code ed25519} or {@code rsa}
 * @param privateKey PKCS#8 PEM
 * @param active     whether outgoing mail is signed with it (a retired key stays for DNS until removed)
 */
public record DkimKey(long id, long domainId, String selector, String algorithm, String privateKey,
                      Instant createdAt, boolean active) {}
