package zpm.protocol.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreeTest {

    private static final String TEXT =
            "{\"s\":\"é\\n\",\"i\":7,\"l\":12345678901,\"b\":123456789012345678901234567890,"
                    + "\"d\":1.5,\"t\":true,\"n\":null,\"a\":[1,{\"x\":[]}],\"o\":{}}";

    @Test
    void readsWhatAnObjectMapperReadsFromTextAndFromBytes() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(TEXT);
        assertThat(JsonTree.read(TEXT)).isEqualTo(expected);
        assertThat(JsonTree.read(TEXT.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
        assertThat(JsonTree.read(" ")).isNull();
        assertThat(JsonTree.read(new byte[0])).isNull();
    }

    @Test
    void refusesTextAfterTheValueAndDuplicateKeys() {
        assertThatThrownBy(() -> JsonTree.read("{} []".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> JsonTree.read("{\"a\":1,\"a\":2}")).isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void writesCompactAndPrettyJsonAsJacksonDoes() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode tree = JsonTree.read(TEXT);
        assertThat(JsonTree.write(tree)).isEqualTo(mapper.writeValueAsString(tree));
        assertThat(JsonTree.writePretty(tree)).isEqualTo(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree))
                .contains("\"i\" : 7,\n");
    }

    @Test
    void plainValuesKeepTheirOrderAndNumberTypes() throws Exception {
        Object plain = JsonTree.toPlain(JsonTree.read(TEXT));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "é\n");
        expected.put("i", 7);
        expected.put("l", 12345678901L);
        expected.put("b", new BigInteger("123456789012345678901234567890"));
        expected.put("d", 1.5);
        expected.put("t", true);
        expected.put("n", null);
        expected.put("a", List.of(1, Map.of("x", List.of())));
        expected.put("o", Map.of());
        assertThat(plain).isInstanceOf(LinkedHashMap.class).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) plain).keySet())).isEqualTo(List.of("s", "i", "l", "b", "d", "t", "n", "a", "o"));
        assertThat(JsonTree.of(plain)).isEqualTo(JsonTree.read(TEXT));
        assertThat(JsonTree.toPlain(JsonTree.of(new BigDecimal("1.10")))).isEqualTo(new BigDecimal("1.10"));
        assertThat(JsonTree.toPlain(null)).isNull();
    }

    @org.junit.jupiter.api.Test
    void floatsComeBackAsTheNumberWrittenNeverInfinityOrZero() throws Exception {
        assertThat(JsonTree.write(JsonTree.read("[1e400,1e-400,0.5,2.75,1.00000000000000000001]")))
                .isEqualTo("[1E+400,1E-400,0.5,2.75,1.00000000000000000001]");
        assertThat(JsonTree.read("0.5").isDouble()).isTrue();
    }

    @Test
    void aRawNodeIsWrittenAsItsTextUnchangedInAnyPlace() throws Exception {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("rows", JsonTree.raw("[{\"id\":2,  \"x\":1.50}]"));
        o.putArray("list").add(1).add(JsonTree.raw("{\"a\":null}")).add(3);
        assertThat(JsonTree.write(o)).isEqualTo("{\"rows\":[{\"id\":2,  \"x\":1.50}],\"list\":[1,{\"a\":null},3]}");
        assertThat(JsonTree.rawText(o.get("rows"))).isEqualTo("[{\"id\":2,  \"x\":1.50}]");
        assertThat(JsonTree.rawText(JsonTree.read("[1]"))).isNull();
        assertThat(JsonTree.rawText(JsonNodeFactory.instance.pojoNode("text"))).isNull();
        assertThat(JsonTree.rawText(null)).isNull();
    }
}
