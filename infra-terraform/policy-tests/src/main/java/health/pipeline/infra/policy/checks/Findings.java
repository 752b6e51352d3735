package health.pipeline.infra.policy.checks;

import health.pipeline.infra.policy.model.Block;
import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one check. */
final class Findings {

    /** The address of a finding about the configuration as a whole (something missing everywhere). */
    static final String CONFIGURATION = "(configuration)";

    private final String check;
    private final List<Violation> violations = new ArrayList<>();

    Findings(String check) {
        this.check = check;
    }

    void add(Block block, String reason) {
        violations.add(new Violation(check, block.address(), reason));
    }

    void addForConfiguration(String reason) {
        violations.add(new Violation(check, CONFIGURATION, reason));
    }

    void require(boolean condition, Block block, String reason) {
        if (!condition) {
            add(block, reason);
        }
    }

    List<Violation> list() {
        return List.copyOf(violations);
    }
}
