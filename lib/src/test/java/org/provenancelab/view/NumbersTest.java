package org.provenancelab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void scoresReadAsPlainDecimals() {
        assertEquals("0.968", Numbers.score(0.9675629673913042));
        assertEquals("0.99978", Numbers.score(0.99978)); // near 1 the fourth decimal matters
        assertEquals("0.99899", Numbers.score(0.998987));
        assertEquals("0.996", Numbers.score(0.996)); // trailing zeros past the third decimal dropped
        assertEquals("0.9961", Numbers.score(0.9961)); // not "0.999", which would read as level with a threshold of 0.99978
        assertEquals("-0.000024", Numbers.score(-2.3519406639746987e-05));
        assertEquals("0.000068", Numbers.score(6.79e-05));
        assertEquals("0.000", Numbers.score(0));
        assertEquals("12,346", Numbers.score(12345.6));
        assertEquals("1.532", Numbers.score(1.532));
        assertEquals("NaN", Numbers.score(Double.NaN));
    }
}
