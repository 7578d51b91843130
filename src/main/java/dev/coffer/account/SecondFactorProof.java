package dev.coffer.account;

/** What a user gives as the second factor of a web login. */
public sealed interface SecondFactorProof {

    /** A TOTP code from an authenticator app, or one of the recovery codes. */
    record Code(String code) implements SecondFactorProof {}

    /** A WebAuthn assertion, the JSON of {@code credential.toJSON()}, answering the login's request options. */
    record SecurityKeyAssertion(String responseJson) implements SecondFactorProof {}
}
