package io.pivotreport.license.rest;

/** Input formats shared by the request records. Messages never repeat the rejected value. */
final class Formats {

    /** Printable ASCII without spaces: client keys, ids, secrets. */
    static final String TOKEN = "\\p{Graph}+";
    static final String TOKEN_MESSAGE = "must be printable ASCII without spaces";
    static final String HTTPS_URL = "https://\\p{Graph}+";
    static final String URL_MESSAGE = "must be an https URL";
    static final String WORD = "[A-Za-z][A-Za-z0-9_-]*";
    static final String WORD_MESSAGE = "must be a single word";

    private Formats() {
    }
}
