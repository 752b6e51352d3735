package health.pipeline.scoring.features;

/**
 * Unit normalisation to the UCUM units the manifests use. A unit not listed stays as it is and then fails the
 * feature's unit check (UNIT_MISMATCH), so an unknown unit never passes as a number in the expected one.
 */
final class Units {
    private Units() {
    }

    static Measurement normalise(double value, String unit, java.time.Instant time) {
        return switch (unit) {
            case "[degF]", "degF", "°F" -> new Measurement((value - 32) * 5 / 9, "Cel", time);
            case "K" -> new Measurement(value - 273.15, "Cel", time);
            case "1" -> value <= 1.0 ? new Measurement(value * 100, "%", time) : new Measurement(value, "%", time);
            case "{beats}/min", "beats/min", "/min", "{breaths}/min", "breaths/min" -> new Measurement(value, "/min", time);
            case "mmHg", "mm Hg" -> new Measurement(value, "mm[Hg]", time);
            case "degC", "°C" -> new Measurement(value, "Cel", time);
            case "kPa" -> new Measurement(value * 7.50062, "mm[Hg]", time);
            case "percent" -> new Measurement(value, "%", time);
            default -> new Measurement(value, unit, time);
        };
    }
}
