package org.provenancelab.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How the lab writes a number on the page: plain decimals a reader can compare with published
 * values, never e-notation where a plain decimal fits.
 */
public final class Numbers {
    private Numbers() {}

    /** Six significant digits, trailing zeros dropped; a million and more as whole numbers with separators. */
    public static String plain(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d == 0) {
            return "0";
        }
        double a = Math.abs(d);
        if (a >= 1e6 && a < 1e18) {
            return String.format(Locale.ROOT, "%,.0f", d); // counts stored as doubles: 102,651,799,552
        }
        if (a >= 1e-9) {
            return strip(new BigDecimal(d).round(new MathContext(6)).toPlainString());
        }
        return String.format(Locale.ROOT, "%.4e", d);
    }

    /**
     * A score in a method's units: three decimals, five from 0.99 to 1 (raw cosines of norm gains,
     * where three would hide the difference that matters, and thresholds there, so a score and the
     * threshold it is compared with carry the same digits), two significant digits below 0.001.
     */
    public static String score(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a > 0.99 && a < 1) {
            return String.format(Locale.ROOT, "%.5f", v).replaceAll("0{1,2}$", ""); // 0.99600 as 0.996, 0.99676 kept
        }
        if (v == 0 || (a >= 1e-3 && a < 1e4)) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return a >= 1e-12 ? new BigDecimal(v).round(new MathContext(2)).toPlainString() : String.format(Locale.ROOT, "%.1e", v);
    }

    private static String strip(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
