package io.pivotreport.launcher;

/** A failure with a message meant for the person at the terminal (what happened, what to do). */
public class LauncherException extends RuntimeException {

    public LauncherException(String message) {
        super(message);
    }

    public LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
