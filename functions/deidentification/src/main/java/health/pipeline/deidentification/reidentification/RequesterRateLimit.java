package health.pipeline.deidentification.reidentification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} re-identification attempts per verified requester in any sliding {@code window}. Held in this
 * function instance's memory: Lambda may run several instances, so the effective limit is {@code limit} per instance
 * (ADR 0081 says why that is acceptable and what would replace it). At most {@code maxRequesters} histories are kept;
 * the least recently active is forgotten first (requesters are verified token subjects, so nobody can mint names to
 * push another's history out).
 */
public final class RequesterRateLimit {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final int maxRequesters;
    private final LinkedHashMap<String, ArrayDeque<Instant>> attempts;

    public RequesterRateLimit(int limit, Duration window, Clock clock, int maxRequesters) {
        if (limit < 1 || window.isNegative() || window.isZero() || maxRequesters < 1) {
            throw new IllegalArgumentException("the rate limit needs a positive limit, window and requester bound");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.maxRequesters = maxRequesters;
        this.attempts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Instant>> eldest) {
                return size() > RequesterRateLimit.this.maxRequesters;
            }
        };
    }

    /** Counts an attempt; false when the requester has used up the window (the refused attempt is not counted). */
    public synchronized boolean tryAcquire(String requester) {
        Instant now = clock.instant();
        ArrayDeque<Instant> history = attempts.computeIfAbsent(requester, r -> new ArrayDeque<>());
        while (!history.isEmpty() && !history.peekFirst().isAfter(now.minus(window))) {
            history.removeFirst();
        }
        if (history.size() >= limit) {
            return false;
        }
        history.addLast(now);
        return true;
    }
}
