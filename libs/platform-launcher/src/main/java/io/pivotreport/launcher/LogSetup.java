package io.pivotreport.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The launcher's own logs (and the in-process Kafka broker's, and zonky's) go to a file, never the terminal. */
public final class LogSetup {

    private static final Logger ROOT = Logger.getLogger("");

    private LogSetup() {
    }

    public static synchronized void toFile(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) { // one run per file: the previous run's log becomes platform.log.1
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
            LogManager.getLogManager().reset();
            for (Handler h : ROOT.getHandlers()) {
                ROOT.removeHandler(h);
            }
            FileHandler handler = new FileHandler(file.toAbsolutePath().toString(), false);
            handler.setFormatter(new SimpleFormatter());
            handler.setLevel(Level.ALL);
            ROOT.addHandler(handler);
            ROOT.setLevel(Level.INFO);
        } catch (IOException e) {
            throw new LauncherException("cannot write the launcher log " + file + ": " + e.getMessage(), e);
        }
    }
}
