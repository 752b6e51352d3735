package health.pipeline.scoring.drift;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * MetricsSink as CloudWatch embedded metric format: one JSON line per record on standard output, which Lambda ships
 * to CloudWatch Logs, where the {@code _aws} block turns it into metrics without an API call from the function.
 * It writes straight to the stream rather than through the logger: the JSON log formatter would wrap the line, and
 * CloudWatch only extracts metrics from a log event that is the EMF object itself.
 */
public final class EmbeddedMetricFormat implements MetricsSink {
    public static final String NAMESPACE = "HealthPipeline/Scoring";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Clock clock;

    public EmbeddedMetricFormat(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void record(Map<String, String> dimensions, Map<String, Double> values) {
        ObjectNode line = JSON.createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().stream().sorted().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        values.keySet().stream().sorted().forEach(name -> metrics.addObject().put("Name", name).put("Unit", "None"));
        dimensions.forEach(line::put);
        values.forEach(line::put);
        String text = line.toString();
        synchronized (out) {
            out.println(text);
        }
    }
}
