package org.provenancelab.safetensors;

import java.io.IOException;

/** A safetensors file that cannot be trusted; the message names the file and the problem. */
public final class SafetensorsException extends IOException {
    public SafetensorsException(String file, String problem) {
        super(file + ": " + problem);
    }
}
