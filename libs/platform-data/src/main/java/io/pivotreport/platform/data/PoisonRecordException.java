package io.pivotreport.platform.data;

/**
 * A record that can never be handled, whatever is retried: it does not deserialize or fails validation. Thrown by
 * {@link ConsumerRetry} instead of retrying (wrapping the original failure), and may be thrown by a handler itself for
 * a check of its own. The consumer applies its existing policy for bad input (dead letter, or skip and count); it
 * never loops on it. The message never quotes record content.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
