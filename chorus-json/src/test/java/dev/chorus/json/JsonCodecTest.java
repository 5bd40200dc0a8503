package dev.chorus.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.json.OrderEvent.Line;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class JsonCodecTest {
    /** A read-model row, the kind of state kept beside the log. */
    record OrderRow(String orderId, String customer, BigDecimal total, List<String> skus,
                    Map<String, Integer> quantities, Instant updatedAt) {
        OrderRow {
            skus = List.copyOf(skus);
            quantities = Map.copyOf(quantities);
        }
    }

    private static final Gen<OrderRow> ROWS = random -> new OrderRow(OrderEventGen.TEXT.next(random),
            OrderEventGen.TEXT.next(random), OrderEventGen.BIG_DECIMALS.next(random),
            OrderEventGen.TEXT.list(0, 4).next(random), Gen.maps(OrderEventGen.TEXT, Gen.ints(-5, 5), 4).next(random),
            OrderEventGen.INSTANTS.next(random));

    private static final OrderRow ROW = new OrderRow("order-1", "Ada", new BigDecimal("12.50"), List.of("sku-1"),
            Map.of("sku-1", 2), Instant.parse("2026-03-01T10:00:00Z"));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class A_sealed_state {
        sealed interface Loan permits OnShelf, OnLoan {}

        record OnShelf() implements Loan {}

        record OnLoan(String reader) implements Loan {}

        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
        @JsonSubTypes({@JsonSubTypes.Type(value = Named.Shelf.class, name = "shelf"),
                @JsonSubTypes.Type(value = Named.Lent.class, name = "lent")})
        sealed interface Named permits Named.Shelf, Named.Lent {
            record Shelf() implements Named {}

            record Lent(String reader) implements Named {}
        }

        @Test
        void without_type_information_is_refused_when_the_codec_is_made_not_at_every_encode() {
            assertThatThrownBy(() -> JsonCodec.of(Loan.class)).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("sealed").hasMessageContaining("@JsonTypeInfo");
        }

        @Test
        void with_type_information_round_trips_each_of_its_records() {
            var codec = JsonCodec.of(Named.class);

            assertThat(codec.decode(codec.encode(new Named.Lent("Ada")))).isEqualTo(new Named.Lent("Ada"));
            assertThat(codec.decode(codec.encode(new Named.Shelf()))).isEqualTo(new Named.Shelf());
        }
    }

    @Nested
    class Round_trips {
        /** State without data: its presence says it all. */
        record Cleared() {}

        @Test
        void a_record_without_components_round_trips_as_an_empty_object() {
            var codec = JsonCodec.of(Cleared.class);

            assertThat(text(codec.encode(new Cleared()))).isEqualTo("{}");
            assertThat(codec.decode(bytes("{}"))).isEqualTo(new Cleared());
        }

        @Test
        void a_record_decodes_to_an_equal_record_for_generated_values() {
            var codec = JsonCodec.of(OrderRow.class);

            PropertyCheck.forAll(500, ROWS, row -> assertThat(codec.decode(codec.encode(row))).isEqualTo(row));
        }

        @Test
        void a_list_of_records_decodes_to_an_equal_list_of_records() {
            var codec = JsonCodec.listOf(Line.class);

            PropertyCheck.forAll(300, OrderEventGen.LINES.list(0, 6),
                    lines -> assertThat(codec.decode(codec.encode(lines))).isEqualTo(lines));
        }

        @Test
        void a_map_with_string_keys_decodes_to_an_equal_map() {
            var codec = JsonCodec.mapOf(Long.class);

            PropertyCheck.forAll(300, Gen.maps(OrderEventGen.TEXT, OrderEventGen.LONGS, 8),
                    map -> assertThat(codec.decode(codec.encode(map))).isEqualTo(map));
        }

        @Test
        void a_nested_generic_type_decodes_through_a_type_reference() {
            var codec = JsonCodec.of(new TypeReference<Map<String, List<OrderRow>>>() {});
            var byCustomer = Map.of("Ada", List.of(ROW, ROW), "Grace", List.<OrderRow>of());

            assertThat(codec.decode(codec.encode(byCustomer))).isEqualTo(byCustomer);
        }

        @Test
        void untyped_maps_read_back_as_strings_booleans_integral_numbers_lists_and_maps() {
            var codec = JsonCodec.of(new TypeReference<Map<String, Object>>() {});
            var state = Map.<String, Object>of("name", "Ada", "active", true, "count", 3,
                    "big", Long.MAX_VALUE, "tags", List.of("a", "b"), "nested", Map.of("k", "v"));

            assertThat(codec.decode(codec.encode(state))).isEqualTo(state);
        }
    }

    @Nested
    class Encoding {
        @Test
        void the_same_map_becomes_the_same_bytes_whatever_order_it_was_filled_in() {
            var codec = JsonCodec.mapOf(Integer.class);
            var forward = new LinkedHashMap<String, Integer>();
            var backward = new LinkedHashMap<String, Integer>();
            for (int i = 0; i < 50; i++) {
                forward.put("key-" + i, i);
                backward.put("key-" + (49 - i), 49 - i);
            }

            assertThat(codec.encode(forward)).isEqualTo(codec.encode(backward));
            assertThat(text(codec.encode(Map.of("b", 2, "a", 1, "c", 3)))).isEqualTo("{\"a\":1,\"b\":2,\"c\":3}");
        }

        @Test
        void a_record_is_written_as_a_plain_object_without_any_class_name() {
            var json = text(JsonCodec.of(OrderRow.class).encode(ROW));

            assertThat(json).isEqualTo("{\"customer\":\"Ada\",\"orderId\":\"order-1\",\"quantities\":{\"sku-1\":2},"
                    + "\"skus\":[\"sku-1\"],\"total\":12.50,\"updatedAt\":\"2026-03-01T10:00:00Z\"}");
        }

        @Test
        void a_value_that_jackson_cannot_write_is_a_codec_failure_naming_the_type() {
            var codec = JsonCodec.of(Object.class);

            assertThatThrownBy(() -> codec.encode(new Object()))
                    .isInstanceOfSatisfying(CodecFailure.class,
                            e -> assertThat(e.typeName()).isEqualTo("java.lang.Object"));
        }
    }

    @Nested
    class Bytes_that_are_not_the_state {
        private final JsonCodec<OrderRow> codec = JsonCodec.of(OrderRow.class);

        @Test
        void malformed_json_is_a_codec_failure_naming_the_type() {
            assertThatThrownBy(() -> codec.decode(bytes("{\"orderId\":")))
                    .isInstanceOfSatisfying(CodecFailure.class,
                            e -> assertThat(e.typeName()).endsWith("JsonCodecTest$OrderRow"));
        }

        @Test
        void json_null_and_empty_bytes_are_codec_failures_not_null_values() {
            assertThatThrownBy(() -> codec.decode(bytes("null"))).isInstanceOf(CodecFailure.class);
            assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CodecFailure.class);
            assertThatThrownBy(() -> JsonCodec.listOf(Line.class).decode(bytes("null")))
                    .isInstanceOf(CodecFailure.class);
        }

        @Test
        void a_row_written_by_an_older_shape_is_a_codec_failure_so_it_gets_rebuilt_rather_than_half_read() {
            var older = new HashMap<String, Object>(Map.of("orderId", "order-1", "customer", "Ada", "total", 1,
                    "skus", List.of(), "quantities", Map.of(), "updatedAt", "2026-03-01T10:00:00Z"));
            older.put("discount", 0);

            assertThatThrownBy(() -> codec.decode(JsonCodec.of(new TypeReference<Map<String, Object>>() {})
                    .encode(older))).isInstanceOf(CodecFailure.class).hasMessageContaining("discount");
            older.remove("discount");
            older.remove("customer");
            assertThatThrownBy(() -> codec.decode(JsonCodec.of(new TypeReference<Map<String, Object>>() {})
                    .encode(older))).isInstanceOf(CodecFailure.class).hasMessageContaining("customer");
        }

        @Test
        void encoding_null_is_refused() {
            assertThatThrownBy(() -> codec.encode(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
