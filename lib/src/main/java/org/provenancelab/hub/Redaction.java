package org.provenancelab.hub;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of messages: the token, and the query strings of URLs (signed storage URLs
 * carry their signature there). Applied to every message a {@link HubClient} throws, including
 * text a server sent (X-Error-Message) and the messages of causes.
 */
final class Redaction {
    private static final Pattern URL_QUERY = Pattern.compile("((?:https?:)?//[^\\s?#\"'<>]*)\\?[^\\s\"'<>)]*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SIGNED_PARAM = Pattern.compile(
            "(?i)\\b(x-amz-[a-z-]+|signature|sig|policy|key-pair-id|expires|token|access_token|auth|se|sp|sv|sr|skoid|sktid)=[^&\\s\"'<>)]+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"'<>)]+");
    private static final Pattern HF_TOKEN = Pattern.compile("\\bhf_[A-Za-z0-9]{8,}");

    private final Token token;

    Redaction(Token token) {
        this.token = token;
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = token == null ? text : token.redactIn(text);
        s = URL_QUERY.matcher(s).replaceAll("$1?<query removed>");
        s = SIGNED_PARAM.matcher(s).replaceAll("$1=<removed>");
        s = BEARER.matcher(s).replaceAll("$1<removed>");
        return HF_TOKEN.matcher(s).replaceAll("hf_<removed>");
    }

    /** The exception itself if nothing in it or its causes needs scrubbing, else a scrubbed copy. */
    IOException scrub(IOException e) {
        if (clean(e)) {
            return e;
        }
        IOException cause = e.getCause() instanceof IOException c ? scrub(c) : null;
        if (e instanceof HubException h) {
            return new HubException(h.kind(), h.status(), scrub(h.getMessage()), cause);
        }
        return new IOException(scrub(e.getMessage()), cause);
    }

    private boolean clean(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.equals(scrub(m))) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }
}
