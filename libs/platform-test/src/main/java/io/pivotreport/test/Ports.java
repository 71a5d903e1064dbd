package io.pivotreport.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small helpers about local TCP ports. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago on 127.0.0.1 (the kernel's choice). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free local port", e);
        }
    }

    /**
     * Whether nobody listens on {@code port} and we could bind it on every interface. Checks both a bind (catches
     * listeners on any address) and a connect to 127.0.0.1 (catches a listener bound elsewhere with SO_REUSEPORT).
     */
    public static boolean isFree(int port) {
        if (isOpen("127.0.0.1", port, 200)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections on host:port. */
    public static boolean isOpen(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
