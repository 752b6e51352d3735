package health.pipeline.deidentification.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ElementPathTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static ElementChain chain(String resourceType, String... namesAndTypes) {
        ElementChain chain = new ElementChain();
        chain.reset(resourceType, NODES.objectNode());
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            chain.push(namesAndTypes[i], namesAndTypes[i + 1], NODES.objectNode());
        }
        return chain;
    }

    @Test
    void shouldSelectTheElement_whenTheResourcePathMatches() {
        assertThat(ElementPath.parse("Patient.address.postalCode").matches(
                chain("Patient", "address", "Address", "postalCode", "string"))).isTrue();
        assertThat(ElementPath.parse("Patient.address.postalCode").matches(
                chain("Practitioner", "address", "Address", "postalCode", "string"))).isFalse();
        assertThat(ElementPath.parse("Resource.contained").matches(chain("Observation", "contained", "BackboneElement")))
                .isTrue();
    }

    @Test
    void shouldSelectEveryChoice_whenThePathEndsInX() {
        ElementPath path = ElementPath.parse("Observation.value[x]");
        assertThat(path.matches(chain("Observation", "valueString", "string"))).isTrue();
        assertThat(path.matches(chain("Observation", "valueQuantity", "Quantity"))).isTrue();
        assertThat(path.matches(chain("Observation", "value", "string"))).isFalse();
        assertThat(path.matches(chain("Observation", "valueset", "string"))).isFalse();
    }

    @Test
    void shouldSelectWhereverTheTypeSits_whenTheRootIsADataType() {
        ElementPath path = ElementPath.parse("Reference.display");
        assertThat(path.matches(chain("Encounter", "participant", "BackboneElement", "individual", "Reference",
                "display", "string"))).isTrue();
        assertThat(path.matches(chain("Encounter", "type", "CodeableConcept", "display", "string"))).isFalse();
    }

    @Test
    void shouldSelectAnExtensionByUrl_whenTheStepNamesIt() {
        ElementPath path = ElementPath.parse("Patient.extension('http://hl7.org/fhir/us/core/StructureDefinition/us-core-race')");
        ElementChain chain = new ElementChain();
        chain.reset("Patient", NODES.objectNode());
        ObjectNode race = NODES.objectNode().put("url", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race");
        chain.push("extension", "Extension", race);
        assertThat(path.matches(chain)).isTrue();
        chain.pop();
        chain.push("extension", "Extension", NODES.objectNode().put("url", "http://example.org/other"));
        assertThat(path.matches(chain)).isFalse();
    }

    @Test
    void shouldRefuseThePath_whenItIsOutsideTheSubset() {
        assertThatThrownBy(() -> ElementPath.parse("Patient.name.where(use='official')"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("unsupported step");
        assertThatThrownBy(() -> ElementPath.parse("patient.name")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> ElementPath.parse("HumanName")).isInstanceOf(PolicyException.class);
        assertThatThrownBy(() -> ElementPath.parse("Patient..name")).isInstanceOf(PolicyException.class);
    }
}
