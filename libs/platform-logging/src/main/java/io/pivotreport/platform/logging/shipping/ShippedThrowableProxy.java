package io.pivotreport.platform.logging.shipping;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.pivotreport.platform.logging.redaction.RedactedThrowable;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Logback's view of an (already redacted) exception. Logback's own {@code ThrowableProxy} would report the class of a
 * {@link RedactedThrowable} copy instead of the original exception's class, so the stack trace in Loki would lie.
 */
final class ShippedThrowableProxy implements IThrowableProxy {

    private static final IThrowableProxy[] NONE = new IThrowableProxy[0];

    private final String className;
    private final String message;
    private final StackTraceElementProxy[] frames;
    private final IThrowableProxy cause;
    private final IThrowableProxy[] suppressed;
    private final boolean cyclic;

    private ShippedThrowableProxy(String className, String message, StackTraceElementProxy[] frames,
                                  IThrowableProxy cause, IThrowableProxy[] suppressed, boolean cyclic) {
        this.className = className;
        this.message = message;
        this.frames = frames;
        this.cause = cause;
        this.suppressed = suppressed;
        this.cyclic = cyclic;
    }

    static IThrowableProxy of(Throwable thrown) {
        return thrown == null ? null : of(thrown, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static IThrowableProxy of(Throwable thrown, Set<Throwable> seen) {
        String className = thrown instanceof RedactedThrowable r ? r.originalClassName() : thrown.getClass().getName();
        if (!seen.add(thrown)) {
            return new ShippedThrowableProxy(className, thrown.getMessage(), new StackTraceElementProxy[0], null, NONE,
                    true);
        }
        StackTraceElement[] trace = thrown.getStackTrace();
        StackTraceElementProxy[] frames = new StackTraceElementProxy[trace.length];
        for (int i = 0; i < trace.length; i++) {
            frames[i] = new StackTraceElementProxy(trace[i]);
        }
        Throwable[] suppressedThrowables = thrown.getSuppressed();
        IThrowableProxy[] suppressed = suppressedThrowables.length == 0 ? NONE
                : new IThrowableProxy[suppressedThrowables.length];
        for (int i = 0; i < suppressedThrowables.length; i++) {
            suppressed[i] = of(suppressedThrowables[i], seen);
        }
        Throwable causeThrowable = thrown.getCause();
        IThrowableProxy cause = causeThrowable == null || causeThrowable == thrown ? null : of(causeThrowable, seen);
        return new ShippedThrowableProxy(className, thrown.getMessage(), frames, cause, suppressed, false);
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public String getClassName() {
        return className;
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return frames;
    }

    @Override
    public int getCommonFrames() {
        return 0;
    }

    @Override
    public IThrowableProxy getCause() {
        return cause;
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        return suppressed;
    }

    @Override
    public boolean isCyclic() {
        return cyclic;
    }
}
