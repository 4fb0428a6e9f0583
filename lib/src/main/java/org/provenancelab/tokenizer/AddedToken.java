package org.provenancelab.tokenizer;

/** An entry of tokenizer.json's {@code added_tokens}: a token the model adds to its vocabulary. */
public record AddedToken(int id, String content, boolean special) {}
