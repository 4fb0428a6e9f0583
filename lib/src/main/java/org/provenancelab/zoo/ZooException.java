package org.provenancelab.zoo;

import java.io.IOException;

/** A zoo model that cannot be read; the message names the model and the problem. */
public final class ZooException extends IOException {
    public ZooException(String model, String problem) {
        super("zoo model " + model + ": " + problem);
    }

    public ZooException(String model, String problem, Throwable cause) {
        super("zoo model " + model + ": " + problem, cause);
    }
}
