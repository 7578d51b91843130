package dev.coffer.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A software FIDO2 authenticator with one ES256 credential, as a browser would drive it: it
 * answers creation and request options with the JSON of {@code credential.toJSON()}
 * (WebAuthn Level 3), "none" attestation, user present and verified.
 */
final class SoftwareAuthenticator {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte FLAGS_UP_UV = 0x01 | 0x04;
    private static final byte FLAG_AT = 0x40;

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private long signCount;

    SoftwareAuthenticator() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        new java.security.SecureRandom().nextBytes(credentialId);
    }

    /** The registration response to creation options (their challenge and rp.id), for {@code origin}. */
    String register(SecurityKeys.CreationOptions options, String origin) throws Exception {
        byte[] clientData = clientData("webauthn.create", options.challenge(), origin);
        AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
        ByteArrayOutputStream authData = new ByteArrayOutputStream();
        authData.write(sha256(options.rp().get("id").getBytes(StandardCharsets.UTF_8)));
        authData.write(FLAGS_UP_UV | FLAG_AT);
        authData.write(ByteBuffer.allocate(4).putInt((int) signCount).array());
        authData.write(new AttestedCredentialDataConverter(new ObjectConverter()).convert(attested));
        Map<String, Object> attestation = new LinkedHashMap<>();
        attestation.put("fmt", "none");
        attestation.put("attStmt", Map.of());
        attestation.put("authData", authData.toByteArray());
        byte[] attestationObject = new ObjectConverter().getCborMapper().writeValueAsBytes(attestation);
        return JSON.writeValueAsString(Map.of(
                "id", BASE64URL.encodeToString(credentialId),
                "rawId", BASE64URL.encodeToString(credentialId),
                "type", "public-key",
                "response", Map.of(
                        "clientDataJSON", BASE64URL.encodeToString(clientData),
                        "attestationObject", BASE64URL.encodeToString(attestationObject),
                        "transports", java.util.List.of("usb")),
                "clientExtensionResults", Map.of()));
    }

    /** The assertion for request options, signed with the credential's key, for {@code origin}. */
    String assertion(SecurityKeys.RequestOptions options, String origin) throws Exception {
        signCount++;
        byte[] clientData = clientData("webauthn.get", options.challenge(), origin);
        byte[] authData = ByteBuffer.allocate(37)
                .put(sha256(options.rpId().getBytes(StandardCharsets.UTF_8)))
                .put(FLAGS_UP_UV)
                .putInt((int) signCount)
                .array();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(authData);
        signer.update(sha256(clientData));
        return JSON.writeValueAsString(Map.of(
                "id", BASE64URL.encodeToString(credentialId),
                "rawId", BASE64URL.encodeToString(credentialId),
                "type", "public-key",
                "response", Map.of(
                        "clientDataJSON", BASE64URL.encodeToString(clientData),
                        "authenticatorData", BASE64URL.encodeToString(authData),
                        "signature", BASE64URL.encodeToString(signer.sign())),
                "clientExtensionResults", Map.of()));
    }

    private static byte[] clientData(String type, String challenge, String origin) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("challenge", challenge);
        data.put("origin", origin);
        data.put("crossOrigin", false);
        return JSON.writeValueAsBytes(data);
    }

    private static byte[] sha256(byte[] input) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(input);
    }
}
