package health.pipeline.ingestion.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The character-by-character date checks accept only what FHIR's regular expressions accept. */
class ResourceValidatorTest {
    private static final String DATE_SHAPE = "dddd-dd-dd";
    private static final String DATE_TIME_SHAPE = "dddd-dd-ddTdd:dd:ddZ";
    private static final String NOISE = "0123456789-:TZ+. x";

    /** A string of the shape, each 'd' a random digit, and now and then one character of noise. */
    private static String fill(Random random, String shape) {
        StringBuilder value = new StringBuilder();
        for (char c : shape.toCharArray()) {
            value.append(c == 'd' ? (char) ('0' + random.nextInt(random.nextBoolean() ? 4 : 10)) : c);
        }
        if (random.nextInt(4) == 0) {
            value.setCharAt(random.nextInt(value.length()), NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return value.toString();
    }

    @Test
    void shouldAgreeWithTheRegularExpressions_whenValuesHaveThePlainShapes() {
        Random random = new Random(11);
        int plainDates = 0;
        int plainDateTimes = 0;
        for (int i = 0; i < 200_000; i++) {
            String date = fill(random, DATE_SHAPE);
            boolean plain = ResourceValidator.isPlainDate(date);
            assertThat(plain).as(date).isEqualTo(ResourceValidator.DATE.matcher(date).matches());
            assertThat(plain).as(date).isEqualTo(ResourceValidator.DATE_TIME.matcher(date).matches());
            plainDates += plain ? 1 : 0;

            String dateTime = fill(random, DATE_TIME_SHAPE);
            boolean regex = ResourceValidator.DATE_TIME.matcher(dateTime).matches();
            // A leap second (:60) is left to the regular expression.
            assertThat(ResourceValidator.isPlainUtcDateTime(dateTime)).as(dateTime)
                    .isEqualTo(regex && !dateTime.startsWith("60", 17));
            assertThat(ResourceValidator.isPlainDate(dateTime)).isFalse();
            plainDateTimes += ResourceValidator.isPlainUtcDateTime(dateTime) ? 1 : 0;
        }
        assertThat(plainDates).isBetween(10_000, 190_000);
        assertThat(plainDateTimes).isBetween(2_000, 190_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23", "0001-01-01", "9999-12-31", "2026-02-30", "0000-01-01", "2026-00-01",
        "2026-13-01", "2026-01-00", "2026-01-32", "2026/01/01", "2026-1-01", "+026-01-01", "２０２６-01-01",
        "2026-11-23T00:00:00Z", "2026-11-23T23:59:59Z", "2026-11-23T24:00:00Z", "2026-11-23T06:60:00Z",
        "2026-11-23T06:00:60Z", "2026-11-23T06:00:00z", "2026-11-23t06:00:00Z", "2026-11-23T06:00:00+00:00",
        "2026-11-23T06:00:00.5Z", "0000-11-23T06:00:00Z", ""})
    void shouldAcceptOnlyWhatTheRegularExpressionsAccept_whenValuesAreEdgeCases(String value) {
        if (ResourceValidator.isPlainDate(value)) {
            assertThat(ResourceValidator.DATE.matcher(value).matches()).isTrue();
        }
        if (ResourceValidator.isPlainDate(value) || ResourceValidator.isPlainUtcDateTime(value)) {
            assertThat(ResourceValidator.DATE_TIME.matcher(value).matches()).isTrue();
        }
    }
}
