package health.pipeline.training;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of a synthetic adult ward cohort: one row of vital signs per patient and a
 * "deteriorated"/"stable" outcome. Entirely synthetic; no real patient data is involved.
 *
 * <p>Most rows come from a stable ward population; a deteriorating sub-population has raised
 * respiratory and heart rates, lower SpO2 and blood pressure and fever. The outcome is drawn from a
 * logistic function of physiological deviations (from the rounded values the model sees) plus
 * Gaussian noise, so it is noisy but learnable.
 *
 * <p>{@link java.util.Random} is used because its algorithm (including {@code nextGaussian}) is
 * specified, so the same seed gives the same cohort on every JDK.
 */
public final class SyntheticCohort {

    public static final long DEFAULT_SEED = 20261123L;
    public static final int DEFAULT_ROWS = 20_000;
    public static final String POSITIVE = "deteriorated";
    public static final String NEGATIVE = "stable";

    /** Share of rows drawn from the deteriorating sub-population. */
    static final double DETERIORATING_SHARE = 0.18;

    /** Synthetic subgroup attributes, drawn independently of the vitals, for subgroup metrics only. */
    public static final List<String> GENDERS = List.of("female", "male");
    public static final List<String> AGE_BANDS = List.of("18-39", "40-64", "65-79", "80+");
    private static final double[] AGE_BAND_SHARES = {0.25, 0.35, 0.25, 0.15};

    /**
     * One synthetic patient: vitals in {@link VitalFeature#ALL} order, the subgroup attributes (not model inputs)
     * and the outcome label.
     */
    public record Row(double[] vitals, String gender, String ageBand, String label) {
        public double get(VitalFeature f) {
            return vitals[f.csvIndex()];
        }

        public boolean deteriorated() {
            return POSITIVE.equals(label);
        }
    }

    private SyntheticCohort() {
    }

    public static List<Row> generate(long seed, int rows) {
        Random rnd = new Random(seed);
        // A second stream for the subgroup attributes, so that adding them left the vitals and outcomes of every
        // seed unchanged; they are independent of risk by construction.
        Random demographics = new Random(seed + 1_000_003L);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            boolean deteriorating = rnd.nextDouble() < DETERIORATING_SHARE;
            double rr;
            double spo2;
            double sbp;
            double hr;
            double temp;
            if (deteriorating) {
                rr = 23 + 5.0 * rnd.nextGaussian();
                spo2 = 92.5 + 3.5 * rnd.nextGaussian();
                sbp = 106 + 20 * rnd.nextGaussian();
                hr = 105 + 18 * rnd.nextGaussian();
                temp = 37.9 + 0.9 * rnd.nextGaussian();
            } else {
                rr = 16 + 2.5 * rnd.nextGaussian();
                spo2 = 97.5 - Math.abs(1.6 * rnd.nextGaussian());
                sbp = 128 + 17 * rnd.nextGaussian();
                hr = 80 + 12 * rnd.nextGaussian();
                temp = 36.9 + 0.35 * rnd.nextGaussian();
            }
            double[] v = {
                    round(clamp(rr, 6, 50), 0),
                    round(clamp(spo2, 70, 100), 0),
                    round(clamp(sbp, 60, 220), 0),
                    round(clamp(hr, 30, 180), 0),
                    round(clamp(temp, 34.0, 41.5), 1),
            };
            double logit = riskLogit(v) + 0.5 * rnd.nextGaussian();
            boolean outcome = rnd.nextDouble() < sigmoid(logit);
            String gender = GENDERS.get(demographics.nextDouble() < 0.5 ? 0 : 1);
            String ageBand = ageBand(demographics.nextDouble());
            out.add(new Row(v, gender, ageBand, outcome ? POSITIVE : NEGATIVE));
        }
        return out;
    }

    /**
     * Ground-truth risk (without noise) as a function of physiological deviations, loosely in the
     * spirit of early-warning scores: tachypnoea, hypoxaemia, hypotension, tachycardia, fever or
     * hypothermia. Vitals are in {@link VitalFeature#ALL} order.
     */
    static double riskLogit(double[] v) {
        double rr = v[0];
        double spo2 = v[1];
        double sbp = v[2];
        double hr = v[3];
        double temp = v[4];
        double devRr = Math.max(0, rr - 18) / 4.0;
        double devSpo2 = Math.max(0, 95 - spo2) / 2.5;
        double devSbp = Math.max(0, 115 - sbp) / 10.0;
        double devHr = Math.max(0, hr - 90) / 12.0;
        double devTemp = Math.max(0, temp - 37.5) / 0.6 + Math.max(0, 36.0 - temp) / 0.5;
        return -3.3 + 0.9 * devRr + 0.8 * devSpo2 + 0.7 * devSbp + 0.6 * devHr + 0.4 * devTemp;
    }

    private static String ageBand(double u) {
        double cumulative = 0;
        for (int i = 0; i < AGE_BANDS.size(); i++) {
            cumulative += AGE_BAND_SHARES[i];
            if (u < cumulative) {
                return AGE_BANDS.get(i);
            }
        }
        return AGE_BANDS.get(AGE_BANDS.size() - 1);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static double round(double x, int decimals) {
        return BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    /** The canonical CSV: header (vitals, gender, age_band, label), one line per row, '\n' line ends, fixed decimals, UTF-8. */
    public static String toCanonicalCsv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 24 + 80);
        for (VitalFeature f : VitalFeature.ALL) {
            sb.append(f.name()).append(',');
        }
        sb.append("gender,age_band,label\n");
        for (Row r : rows) {
            for (VitalFeature f : VitalFeature.ALL) {
                sb.append(BigDecimal.valueOf(r.get(f)).setScale(f.decimals(), RoundingMode.HALF_UP).toPlainString())
                        .append(',');
            }
            sb.append(r.gender()).append(',').append(r.ageBand()).append(',').append(r.label()).append('\n');
        }
        return sb.toString();
    }

    public static List<Row> parseCanonicalCsv(String csv) {
        String[] lines = csv.split("\n");
        String expectedHeader = toCanonicalCsv(List.of()).strip();
        if (!lines[0].equals(expectedHeader)) {
            throw new IllegalArgumentException("unexpected header: " + lines[0]);
        }
        List<Row> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            double[] v = new double[VitalFeature.ALL.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = Double.parseDouble(cells[j]);
            }
            rows.add(new Row(v, cells[v.length], cells[v.length + 1], cells[v.length + 2]));
        }
        return rows;
    }

    /** Hex SHA-256 of the canonical CSV bytes: the data fingerprint recorded in the manifest. */
    public static String fingerprint(String canonicalCsv) {
        return sha256Hex(canonicalCsv.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
