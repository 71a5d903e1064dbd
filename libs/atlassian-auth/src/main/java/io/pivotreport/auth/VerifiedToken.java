package io.pivotreport.auth;

import java.time.Instant;

/** What a verifier hands back once every check passed. */
public sealed interface VerifiedToken permits VerifiedConnectToken, VerifiedForgeToken {
    TokenClass tokenClass();

    Instant issuedAt();

    Instant expiresAt();
}
