package health.pipeline.audit.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock until a test sets the time; then that time, until the test moves it on. */
final class TestClock extends Clock {
    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    void set(Instant instant) {
        fixed.set(instant);
    }

    void advance(Duration duration) {
        fixed.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        Instant instant = fixed.get();
        return instant == null ? Instant.now() : instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the audit trail keeps UTC");
    }
}
