package io.pivotreport.events;

/**
 * One validation failure: a JSON-pointer-like field path and a fixed message. Messages never echo the rejected value,
 * so a rejected e-mail address does not travel on into an error body or a log line.
 */
public record Violation(String field, String message) {
}
