package org.provenancelab.tokenizer;

/** A tokenizer.json that cannot be read as one; the message names the model. */
public final class TokenizerException extends RuntimeException {
    public TokenizerException(String model, String message) {
        super(model + ": " + message);
    }

    public TokenizerException(String model, String message, Throwable cause) {
        super(model + ": " + message, cause);
    }
}
