package io.pivotreport.platform.logging;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;

/** Copies what the application's console handler writes, byte for byte, while it keeps writing to stdout. */
final class ConsoleCapture implements AutoCloseable {

    private final ConsoleHandler console;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private ConsoleCapture(ConsoleHandler console) {
        this.console = console;
        PrintStream stdout = System.out;
        console.setOutputStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                stdout.write(b);
                copy.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
                copy.write(b, off, len);
            }

            @Override
            public void flush() {
                stdout.flush();
            }
        });
    }

    static ConsoleCapture start() {
        Deque<Handler> todo = new ArrayDeque<>(java.util.List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        while (!todo.isEmpty()) {
            Handler handler = todo.pop();
            if (handler instanceof ConsoleHandler console) {
                return new ConsoleCapture(console);
            }
            if (handler instanceof ExtHandler ext) {
                todo.addAll(java.util.List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("The application has no console handler");
    }

    /** The filter Quarkus configured on the console handler. */
    java.util.logging.Filter consoleFilter() {
        return console.getFilter();
    }

    String text() {
        console.flush();
        synchronized (this) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        console.setTarget(ConsoleHandler.Target.SYSTEM_OUT);
    }
}
