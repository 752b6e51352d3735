package health.pipeline.deidentification.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated de-identification policy. Immutable; built by {@link PolicyLoader}.
 *
 * @param version            recorded in every output resource, event and audit entry
 * @param resourceTypes      the resource types that may leave the raw zone; every other type is dropped whole
 * @param rules              in file order
 * @param maxShiftDays       each patient's dates move by a keyed offset in [-max, -1] or [1, max] days
 * @param oldestAge          ages above this are aggregated (Safe Harbor: 89, so 90 and older become "90+")
 * @param restrictedZip3     3-digit ZIP areas with 20,000 people or fewer: generalised to {@code 000}
 * @param reidentifyDisclosures per workforce role allowed to resolve a pseudonym, what it is shown (minimum
 *                              necessary): {@link #DISCLOSE_NAME}, {@link #DISCLOSE_BIRTH_DATE}, and
 *                              {@code identifier:<code>} for identifiers of that HL7 v2-0203 type (e.g. MR)
 * @param reidentifyPurposes    purposes of use (HL7 v3 PurposeOfUse) under which they may
 * @param freeTextDates         whether dates found in free text are shifted like structured dates or replaced
 */
public record DeidentificationPolicy(String version, Set<String> resourceTypes, List<PolicyRule> rules,
        int maxShiftDays, int oldestAge, Set<String> restrictedZip3, Map<String, Set<String>> reidentifyDisclosures,
        Set<String> reidentifyPurposes, FreeTextDates freeTextDates) {
    public static final String DISCLOSE_NAME = "name";
    public static final String DISCLOSE_BIRTH_DATE = "birthDate";
    public static final String DISCLOSE_IDENTIFIER_PREFIX = "identifier:";

    /** Workforce roles allowed to resolve a pseudonym back to the source identifiers. */
    public Set<String> reidentifyRoles() {
        return reidentifyDisclosures.keySet();
    }

    /** Rules indexed for the walk: by the last path step's element name, by data type, and whole-resource rules. */
    public static final class Index {
        private final Map<String, List<PolicyRule>> byName = new HashMap<>();
        private final List<PolicyRule> choiceRules = new ArrayList<>();
        private final Map<String, PolicyRule> byType = new HashMap<>();
        private final Map<String, PolicyRule> byResource = new HashMap<>();
        private PolicyRule anyResource;

        Index(List<PolicyRule> rules) {
            for (PolicyRule rule : rules) {
                if (rule.type() != null) {
                    byType.putIfAbsent(rule.type(), rule);
                } else if (rule.path().selectsResource()) {
                    if (rule.path().root().equals("Resource")) {
                        anyResource = anyResource == null ? rule : anyResource;
                    } else {
                        byResource.putIfAbsent(rule.path().root(), rule);
                    }
                } else if (rule.path().lastIsChoice()) {
                    choiceRules.add(rule);
                } else {
                    byName.computeIfAbsent(rule.path().lastName(), k -> new ArrayList<>()).add(rule);
                }
            }
        }

        /** The rule for a resource as a whole, or {@code null}. */
        public PolicyRule forResource(String resourceType) {
            PolicyRule specific = byResource.get(resourceType);
            if (specific == null || (anyResource != null && anyResource.order() < specific.order())) {
                return anyResource;
            }
            return specific;
        }

        /** The first rule (in file order) that selects the chain's last element, or {@code null}. */
        public PolicyRule match(ElementChain chain) {
            PolicyRule best = byType.get(chain.type(chain.depth()));
            List<PolicyRule> named = byName.get(chain.name(chain.depth()));
            if (named != null) {
                for (PolicyRule rule : named) {
                    if ((best == null || rule.order() < best.order()) && rule.path().matches(chain)) {
                        best = rule;
                    }
                }
            }
            for (PolicyRule rule : choiceRules) {
                if ((best == null || rule.order() < best.order()) && rule.path().matches(chain)) {
                    best = rule;
                }
            }
            return best;
        }
    }

    public Index index() {
        return new Index(rules);
    }
}
