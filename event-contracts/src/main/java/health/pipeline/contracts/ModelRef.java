package health.pipeline.contracts;

public record ModelRef(String name, String version, String sha256) {
}
