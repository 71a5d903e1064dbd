package io.pivotreport.platform.security;

import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.regex.Pattern;

/**
 * The support engineer behind a {@link Roles#SUPPORT} call, as the gateway's internal token states it: who
 * ({@code sub}, the engineer's id at the support issuer), why ({@value #REASON_CLAIM}, required) and for which ticket
 * ({@value #TICKET_CLAIM}, optional). The tenant is the token's {@code tenant} claim, read through {@link CallerContext}.
 */
@RequestScoped
public class SupportClaims {

    /** The reason the engineer stated; the gateway refuses a support request without one. */
    public static final String REASON_CLAIM = "support_reason";

    /** The support ticket the access is for, when the engineer named one. */
    public static final String TICKET_CLAIM = "support_ticket";

    /** Shortest reason that can say anything ("HOT-12 slow report" is 18). */
    public static final int REASON_MIN_LENGTH = 10;

    public static final int REASON_MAX_LENGTH = 500;

    /** Support-ticket references such as {@code PRS-1234}. */
    public static final Pattern TICKET = Pattern.compile("[A-Z][A-Z0-9]{1,15}-[0-9]{1,9}");

    /** Engineer ids at the support issuer: opaque, no e-mail addresses. */
    public static final Pattern ENGINEER = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    @Inject
    JsonWebToken token;

    /** The engineer's id; a support token without a valid one is refused. */
    public String engineer() {
        String subject = token.getSubject();
        if (subject == null || !ENGINEER.matcher(subject).matches()) {
            throw ProblemException.forbidden("The support token names no engineer");
        }
        return subject;
    }

    /** The stated reason; a support token without one is refused (the gateway never forwards such a request). */
    public String reason() {
        String reason = token.getClaim(REASON_CLAIM);
        if (reason == null || reason.strip().length() < REASON_MIN_LENGTH || reason.length() > REASON_MAX_LENGTH) {
            throw ProblemException.forbidden("Support access needs a stated reason");
        }
        return reason.strip();
    }

    /** The ticket reference, or null. */
    public String ticketOrNull() {
        String ticket = token.getClaim(TICKET_CLAIM);
        return ticket != null && TICKET.matcher(ticket).matches() ? ticket : null;
    }

    /** The token's id, so an audit row can be matched with the gateway's own record of the call. */
    public String tokenId() {
        return token.getTokenID();
    }
}
