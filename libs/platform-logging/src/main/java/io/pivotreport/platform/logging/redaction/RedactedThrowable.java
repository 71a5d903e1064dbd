package io.pivotreport.platform.logging.redaction;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A stand-in for an exception whose message (or a cause's message) held a secret: same class name in its
 * {@code toString()}, same stack frames, causes and suppressed exceptions, redacted messages. A Throwable's message
 * cannot be changed, so the log record gets this copy; the application keeps the original.
 */
public final class RedactedThrowable extends Throwable {

    private static final long serialVersionUID = 1L;

    private final String originalClassName;

    private RedactedThrowable(String originalClassName, String message) {
        super(message); // cause stays unset until initCause
        this.originalClassName = originalClassName;
    }

    /** The class of the exception this copy stands for. */
    public String originalClassName() {
        return originalClassName;
    }

    /**
     * Returns {@code thrown} itself when no message in its chain needs redaction, otherwise a redacted copy of the whole
     * chain. Already redacted copies are returned unchanged.
     */
    public static Throwable redact(Throwable thrown) {
        if (thrown == null || thrown instanceof RedactedThrowable || !chainNeedsRedaction(thrown, new IdentityHashMap<>())) {
            return thrown;
        }
        return copy(thrown, new IdentityHashMap<>());
    }

    private static boolean chainNeedsRedaction(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        if (Redactor.needsRedaction(t.getMessage())) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (chainNeedsRedaction(suppressed, seen)) {
                return true;
            }
        }
        return chainNeedsRedaction(t.getCause(), seen);
    }

    private static RedactedThrowable copy(Throwable original, Map<Throwable, RedactedThrowable> copies) {
        RedactedThrowable existing = copies.get(original);
        if (existing != null) {
            return existing;
        }
        String className = original instanceof RedactedThrowable r ? r.originalClassName : original.getClass().getName();
        RedactedThrowable copy = new RedactedThrowable(className, Redactor.redact(original.getMessage()));
        copies.put(original, copy);
        copy.setStackTrace(original.getStackTrace());
        Throwable cause = original.getCause();
        if (cause != null && cause != original) {
            copy.initCause(copy(cause, copies));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, copies));
        }
        return copy;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // the frames are the original's, set right after construction
        return this;
    }
}
