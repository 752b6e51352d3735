package health.pipeline.deidentification.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A field of a megabyte crafted to make a backtracking pattern quadratic must cost linear time. Measured in this
 * thread's CPU time, with a bound (2 s for 1 MB, against a few tens of milliseconds measured here) that only a
 * quadratic pattern can break: the old e-mail pattern took minutes on the first input.
 */
class HostileInputTest {
    private static final TextScrubber SCRUBBER = new TextScrubber();
    private static final int MEGABYTE = 1 << 20;

    @ParameterizedTest
    @ValueSource(strings = {"a", "a.", "1", "1-", "1/", "a@", "@a.", "ab ", "Dr ", "x1", "www.", "http://a", "9-",
            "12/12/", "st. ", "1 ", "A1", "-1"})
    void shouldCleanAMegabyteInLinearTime_whenTheFieldRepeatsAPatternPrefix(String unit) {
        String hostile = unit.repeat(MEGABYTE / unit.length());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SCRUBBER.scrub("warm up " + unit, PatientVocabulary.empty());
        long before = threads.getCurrentThreadCpuTime();
        SCRUBBER.scrub(hostile, PatientVocabulary.empty());
        long cpuMillis = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
        assertThat(cpuMillis).as("CPU ms for 1 MB of '%s'", unit).isLessThan(2_000);
    }
}
