package health.pipeline.scoring.drift;

import java.util.Map;

/** The metrics port: one record of named values under dimensions. Content-free: codes and numbers only. */
public interface MetricsSink {

    /**
     * @param dimensions e.g. model name and version; never a patient or encounter reference
     * @param values     metric name to value; the unit is a count unless the name ends in a unit-less statistic
     */
    void record(Map<String, String> dimensions, Map<String, Double> values);
}
