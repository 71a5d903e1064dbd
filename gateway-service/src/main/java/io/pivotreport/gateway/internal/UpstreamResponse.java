package io.pivotreport.gateway.internal;

import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A private service's answer, reduced to what the gateway may pass on: status, body and the few headers with a
 * meaning for the caller.
 */
public record UpstreamResponse(int status, String contentType, Buffer body, String etag, String location,
                               String retryAfter) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public byte[] bodyBytes() {
        return body == null ? new byte[0] : body.getBytes();
    }

    @Override
    public String toString() {
        return "UpstreamResponse[" + status + "]";
    }
}
