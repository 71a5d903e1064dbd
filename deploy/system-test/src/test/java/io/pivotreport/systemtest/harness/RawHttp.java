package io.pivotreport.systemtest.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send (a NUL byte or non-Latin-1 text in
 * a header, a line Java's client would reject). Returns the status code only.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the final blank line; {@code Host},
     * {@code Content-Length} and {@code Connection: close} are added) and {@code body}; returns the status, or -1 when
     * the server closed the connection without one.
     */
    public static int status(int port, String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.getBytes(StandardCharsets.UTF_8));
            request.write(("\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\nContent-Length: "
                    + (body == null ? 0 : body.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            String status = line.toString();
            if (!status.startsWith("HTTP/1.")) {
                return -1;
            }
            return Integer.parseInt(status.substring(9, 12));
        } catch (IOException e) {
            return -1;
        }
    }
}
