package dev.chorus.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.json.OrderEvent.Line;
import dev.chorus.json.OrderEvent.ItemsAdded;
import dev.chorus.json.OrderEvent.Money;
import dev.chorus.json.OrderEvent.OrderCancelled;
import dev.chorus.json.OrderEvent.OrderPlaced;
import dev.chorus.json.OrderEvent.PaymentRecorded;
import dev.chorus.json.OrderEvent.Reason;
import dev.chorus.testkit.property.PropertyCheck;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonEventCodecTest {
    private final JsonEventCodec<OrderEvent> codec = OrderCodecs.today();

    private static final OrderPlaced PLACED = new OrderPlaced("order-1", "Ada",
            new Money(new BigDecimal("12.50"), "EUR"), Instant.parse("2026-03-01T10:00:00Z"));

    @Nested
    class Round_trips {
        @Test
        void every_registered_record_decodes_to_an_equal_record_for_generated_values() {
            var seen = new HashSet<Class<?>>();
            PropertyCheck.forAll(1_000, OrderEventGen.ANY, event -> {
                seen.add(event.getClass());
                var encoded = codec.encode(event);

                assertThat(codec.decode(Stored.event(7, encoded))).isEqualTo(event);
            });
            assertThat(seen).containsExactlyInAnyOrder(OrderEvent.class.getPermittedSubclasses());
        }

        @Test
        void the_same_event_always_becomes_the_same_bytes_even_after_a_round_trip() {
            PropertyCheck.forAll(500, OrderEventGen.ANY, event -> {
                var encoded = codec.encode(event);
                var again = codec.encode(codec.decode(Stored.event(0, encoded)));

                assertThat(again).isEqualTo(encoded);
            });
        }

        @Test
        void big_numbers_keep_every_digit_and_their_scale() {
            var payment = new PaymentRecorded("order-1", new BigInteger("-123456789012345678901234567890123456789"),
                    new BigDecimal("1E+3"), 0.1, Long.MIN_VALUE, Integer.MAX_VALUE, true, Map.of(),
                    OffsetDateTime.parse("2026-03-01T10:00:00.123456789+05:30"), Duration.ofNanos(1));

            var encoded = codec.encode(payment);

            assertThat(Stored.text(encoded)).contains("-123456789012345678901234567890123456789", "1E+3",
                    String.valueOf(Long.MIN_VALUE));
            var decoded = (PaymentRecorded) codec.decode(Stored.event(0, encoded));
            assertThat(decoded).isEqualTo(payment);
            assertThat(decoded.amount().scale()).isEqualTo(-3);
        }
    }

    @Nested
    class Encoding {
        @Test
        void an_event_is_written_under_its_registered_name_at_the_current_version() {
            assertThat(codec.encode(PLACED).type()).isEqualTo(EventType.of("OrderPlaced", 3));
            assertThat(codec.encode(new OrderCancelled("order-1", Reason.OUT_OF_STOCK, "")).type())
                    .isEqualTo(EventType.of("OrderCancelled", 1));
        }

        @Test
        void the_json_holds_the_record_components_in_alphabetical_order_and_no_java_class_name() {
            var text = Stored.text(codec.encode(PLACED));

            assertThat(text).isEqualTo("{\"customerName\":\"Ada\",\"orderId\":\"order-1\","
                    + "\"placedAt\":\"2026-03-01T10:00:00Z\",\"total\":{\"amount\":12.50,\"currency\":\"EUR\"}}");
            assertThat(text).doesNotContain("dev.chorus", "@class", "OrderPlaced");
        }

        @Test
        void enums_are_written_by_name_and_times_as_iso_8601_text() {
            var payment = new PaymentRecorded("order-1", BigInteger.ONE, BigDecimal.ONE, 1.5, 1, 1, false,
                    Map.of("b", "2", "a", "1"), OffsetDateTime.parse("2026-03-01T10:00:00+01:00"), Duration.ofMinutes(90));

            assertThat(Stored.text(codec.encode(new OrderCancelled("order-1", Reason.PAYMENT_FAILED, "card"))))
                    .contains("\"reason\":\"PAYMENT_FAILED\"");
            assertThat(Stored.text(codec.encode(payment)))
                    .contains("\"promisedBy\":\"2026-03-01T10:00:00+01:00\"", "\"window\":\"PT1H30M\"",
                            "\"attributes\":{\"a\":\"1\",\"b\":\"2\"}");
        }

        @Test
        void encoding_names_the_type_and_version_through_type_of() {
            assertThat(codec.typeOf(OrderPlaced.class)).isEqualTo(EventType.of("OrderPlaced", 3));
            assertThat(codec.typeNames())
                    .containsExactlyInAnyOrder("OrderPlaced", "ItemsAdded", "OrderCancelled", "PaymentRecorded");
        }

        /** An event whose component Jackson sees no property in: writing it as {} would lose it. */
        record Opaque(Object payload) {}

        @Test
        void an_event_jackson_cannot_write_is_a_codec_failure_naming_its_type() {
            var opaque = JsonEventCodec.builder(Opaque.class).register(Opaque.class, "Opaque", 1).build();

            assertThatThrownBy(() -> opaque.encode(new Opaque(new Object())))
                    .isInstanceOfSatisfying(CodecFailure.class, e -> assertThat(e.typeName()).isEqualTo("Opaque"))
                    .hasMessageContaining("JsonEventCodecTest.Encoding.Opaque");
        }

        /** A record that asks Jackson for class names; Chorus refuses to write them. */
        record Smuggler(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object payload) {}

        @Test
        void an_event_that_asks_for_java_class_names_in_its_json_is_refused() {
            var smuggling = JsonEventCodec.builder(Smuggler.class).register(Smuggler.class, "Smuggler", 1).build();

            assertThatThrownBy(() -> smuggling.encode(new Smuggler(new Line("s", 1, BigDecimal.ONE))))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("class names");
            assertThatThrownBy(() -> smuggling.decode(Stored.event(0, EventType.of("Smuggler", 1),
                    "{\"payload\":[\"java.util.ArrayList\",[]]}")))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("class names");
        }

        /** A sealed value inside an event: its records are told apart by names, which is allowed. */
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
        @JsonSubTypes({@JsonSubTypes.Type(value = Card.class, name = "card"),
                @JsonSubTypes.Type(value = Transfer.class, name = "transfer")})
        sealed interface Method permits Card, Transfer {}

        record Card(String last4) implements Method {}

        record Transfer(String iban) implements Method {}

        record Paid(Method method) {}

        @Test
        void a_sealed_value_inside_an_event_is_written_with_the_names_its_contract_declares() {
            var paid = JsonEventCodec.builder(Paid.class).register(Paid.class, "Paid", 1).build();
            var event = new Paid(new Transfer("CH93 0076 2011 6238 5295 7"));

            var encoded = paid.encode(event);

            assertThat(Stored.text(encoded)).isEqualTo("{\"method\":{\"kind\":\"transfer\",\"iban\":\"CH93 0076 2011 6238 5295 7\"}}");
            assertThat(paid.decode(Stored.event(0, encoded))).isEqualTo(event);
        }

        @Test
        void an_event_of_an_unregistered_class_is_refused_with_its_class() {
            var partial = JsonEventCodec.builder(Object.class).register(OrderCancelled.class, "OrderCancelled", 1)
                    .build();

            assertThatThrownBy(() -> partial.encode(PLACED))
                    .isInstanceOfSatisfying(UnregisteredEventClass.class,
                            e -> assertThat(e.eventClass()).isEqualTo(OrderPlaced.class))
                    .isInstanceOf(ValidationError.class)
                    .hasMessageContaining("OrderPlaced");
        }
    }

    @Nested
    class Unknown_types {
        private final RecordedEvent invoiceSent = Stored.event(42, EventType.of("InvoiceSent", 2), "{\"invoice\":1}");

        @Test
        void decoding_an_unregistered_name_is_an_unknown_event_type_naming_the_type_and_position() {
            assertThatThrownBy(() -> codec.decode(invoiceSent))
                    .isInstanceOfSatisfying(UnknownEventType.class, e -> {
                        assertThat(e.type()).isEqualTo(EventType.of("InvoiceSent", 2));
                        assertThat(e.position()).isEqualTo(42);
                    })
                    .hasMessageContaining("InvoiceSent/v2").hasMessageContaining("42");
        }

        @Test
        void knows_answers_for_registered_names_only_so_a_subscriber_can_skip_the_rest() {
            assertThat(codec.knows("OrderPlaced")).isTrue();
            assertThat(codec.knows("InvoiceSent")).isFalse();
            assertThat(codec.knows("orderplaced")).isFalse();
        }

        @Test
        void a_subscriber_that_skips_unknown_types_decodes_the_known_ones_around_them() {
            var stored = List.of(Stored.event(0, codec.encode(PLACED)), invoiceSent,
                    Stored.event(2, codec.encode(new OrderCancelled("order-1", Reason.CUSTOMER_REQUEST, "changed mind"))));

            var decoded = new ArrayList<OrderEvent>();
            for (var event : stored) {
                if (codec.knows(event.type().name())) {
                    decoded.add(codec.decode(event));
                }
            }

            assertThat(decoded).containsExactly(PLACED,
                    new OrderCancelled("order-1", Reason.CUSTOMER_REQUEST, "changed mind"));
        }
    }

    @Nested
    class Versions_it_cannot_read {
        @Test
        void a_version_newer_than_the_registered_one_is_a_future_event_version() {
            var fromTomorrow = Stored.event(9, EventType.of("OrderPlaced", 4), Stored.text(codec.encode(PLACED)));

            assertThatThrownBy(() -> codec.decode(fromTomorrow))
                    .isInstanceOfSatisfying(FutureEventVersion.class, e -> {
                        assertThat(e.stored()).isEqualTo(EventType.of("OrderPlaced", 4));
                        assertThat(e.position()).isEqualTo(9);
                        assertThat(e.currentVersion()).isEqualTo(3);
                    })
                    .isInstanceOf(UnreadableEventVersion.class)
                    .hasMessageContaining("OrderPlaced/v4").hasMessageContaining("newer code");
        }

        @Test
        void a_version_older_than_every_upcaster_is_a_missing_upcaster() {
            var noChain = JsonEventCodec.builder(OrderEvent.class)
                    .register(OrderPlaced.class, "OrderPlaced", 3)
                    .register(ItemsAdded.class, "ItemsAdded", 1)
                    .register(OrderCancelled.class, "OrderCancelled", 2)
                    .register(PaymentRecorded.class, "PaymentRecorded", 1)
                    .upcast("OrderPlaced", 2, tree -> tree)
                    .build();
            var v1 = Stored.event(5, EventType.of("OrderPlaced", 1), "{}");

            assertThatThrownBy(() -> noChain.decode(v1))
                    .isInstanceOfSatisfying(MissingUpcaster.class, e -> {
                        assertThat(e.stored()).isEqualTo(EventType.of("OrderPlaced", 1));
                        assertThat(e.position()).isEqualTo(5);
                        assertThat(e.oldestReadable()).isEqualTo(2);
                        assertThat(e.currentVersion()).isEqualTo(3);
                    })
                    .hasMessageContaining("upcast(\"OrderPlaced\", 1");
            assertThatThrownBy(() -> noChain.decode(Stored.event(6, EventType.of("OrderCancelled", 1), "{}")))
                    .isInstanceOfSatisfying(MissingUpcaster.class, e -> assertThat(e.oldestReadable()).isEqualTo(2));
        }

        @Test
        void can_decode_tells_which_exact_versions_are_readable() {
            assertThat(codec.canDecode(EventType.of("OrderPlaced", 1))).isTrue();
            assertThat(codec.canDecode(EventType.of("OrderPlaced", 3))).isTrue();
            assertThat(codec.canDecode(EventType.of("OrderPlaced", 4))).isFalse();
            assertThat(codec.canDecode(EventType.of("OrderCancelled", 2))).isFalse();
            assertThat(codec.canDecode(EventType.of("InvoiceSent", 1))).isFalse();
        }
    }

    @Nested
    class Bytes_that_are_not_the_record {
        private static final EventType CANCELLED = EventType.of("OrderCancelled", 1);
        private static final EventType PLACED_V1 = EventType.of("OrderPlaced", 1);

        @Test
        void malformed_json_is_a_codec_failure_naming_the_type_and_position() {
            assertThatThrownBy(() -> codec.decode(Stored.event(3, CANCELLED, "{\"orderId\":")))
                    .isInstanceOfSatisfying(CodecFailure.class, e -> assertThat(e.typeName()).isEqualTo("OrderCancelled"))
                    .hasMessageContaining("OrderCancelled/v1 at position 3");
        }

        @Test
        void malformed_json_of_an_old_version_fails_the_same_way_before_any_upcaster_runs() {
            assertThatThrownBy(() -> codec.decode(Stored.event(3, PLACED_V1, new byte[] {(byte) 0xff, 0x00, '{'})))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("OrderPlaced/v1 at position 3");
        }

        @Test
        void empty_data_and_json_that_is_not_an_object_are_codec_failures() {
            for (var data : List.of("", "[]", "\"text\"", "42", "null")) {
                assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, data)))
                        .as("data %s", data).isInstanceOf(CodecFailure.class);
                assertThatThrownBy(() -> codec.decode(Stored.event(0, PLACED_V1, data)))
                        .as("v1 data %s", data).isInstanceOf(CodecFailure.class);
            }
        }

        @Test
        void a_second_json_value_after_the_first_is_refused() {
            var valid = "{\"note\":\"\",\"orderId\":\"o\",\"reason\":\"OUT_OF_STOCK\"}";

            assertThat(codec.decode(Stored.event(0, CANCELLED, valid + " \n"))).isInstanceOf(OrderCancelled.class);
            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, valid + valid)))
                    .isInstanceOf(CodecFailure.class);
        }

        @Test
        void a_duplicate_property_is_refused_rather_than_resolved_by_whichever_comes_last() {
            var twice = "{\"note\":\"\",\"orderId\":\"o\",\"orderId\":\"p\",\"reason\":\"OUT_OF_STOCK\"}";

            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, twice))).isInstanceOf(CodecFailure.class);
            assertThatThrownBy(() -> codec.decode(Stored.event(0, PLACED_V1,
                    "{\"amount\":1,\"amount\":2,\"customerName\":\"a\",\"orderId\":\"o\"}")))
                    .isInstanceOf(CodecFailure.class);
        }

        @Test
        void a_property_the_record_does_not_have_is_refused_because_it_means_an_unversioned_schema_change() {
            var extra = "{\"note\":\"\",\"orderId\":\"o\",\"reason\":\"OUT_OF_STOCK\",\"refund\":12}";

            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, extra)))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("refund");
        }

        @Test
        void a_missing_or_null_component_is_refused_rather_than_read_as_null() {
            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, "{\"orderId\":\"o\",\"reason\":\"OUT_OF_STOCK\"}")))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("note");
            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED,
                    "{\"note\":null,\"orderId\":\"o\",\"reason\":\"OUT_OF_STOCK\"}")))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("note");
        }

        @Test
        void values_of_the_wrong_shape_are_refused_rather_than_coerced() {
            var line = "{\"lines\":[{\"quantity\":%s,\"sku\":\"s\",\"unitPrice\":1}],\"orderId\":\"o\"}";
            var itemsAdded = EventType.of("ItemsAdded", 1);

            assertThat(codec.decode(Stored.event(0, itemsAdded, line.formatted("2"))))
                    .isEqualTo(new ItemsAdded("o", List.of(new Line("s", 2, BigDecimal.ONE))));
            for (var quantity : List.of("2.5", "\"2\"", "true", "[2]")) {
                assertThatThrownBy(() -> codec.decode(Stored.event(0, itemsAdded, line.formatted(quantity))))
                        .as("quantity %s", quantity).isInstanceOf(CodecFailure.class);
            }
            var oneLineNotInAList = "{\"lines\":{\"quantity\":2,\"sku\":\"s\",\"unitPrice\":1},\"orderId\":\"o\"}";
            assertThatThrownBy(() -> codec.decode(Stored.event(0, itemsAdded, oneLineNotInAList)))
                    .isInstanceOf(CodecFailure.class);
        }

        @Test
        void a_missing_number_is_refused_rather_than_read_as_zero() {
            var noQuantity = "{\"lines\":[{\"sku\":\"s\",\"unitPrice\":1}],\"orderId\":\"o\"}";

            assertThatThrownBy(() -> codec.decode(Stored.event(0, EventType.of("ItemsAdded", 1), noQuantity)))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("quantity");
        }

        /** Today's record guards an invariant in its compact constructor. */
        record Refunded(String orderId, int cents) {
            Refunded {
                if (cents <= 0) {
                    throw new ValidationError("cents", "a refund is positive; got " + cents);
                }
            }
        }

        @Test
        void stored_json_that_breaks_the_records_invariant_is_a_codec_failure_carrying_the_records_error() {
            var refunds = JsonEventCodec.builder(Refunded.class).register(Refunded.class, "Refunded", 1).build();

            assertThatThrownBy(() -> refunds.decode(Stored.event(2, EventType.of("Refunded", 1),
                    "{\"cents\":-5,\"orderId\":\"o\"}")))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("Refunded/v1 at position 2")
                    .hasRootCauseInstanceOf(ValidationError.class).hasRootCauseMessage("a refund is positive; got -5");
        }

        @Test
        void an_enum_constant_is_read_by_name_only() {
            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, "{\"note\":\"\",\"orderId\":\"o\",\"reason\":1}")))
                    .isInstanceOf(CodecFailure.class);
            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED,
                    "{\"note\":\"\",\"orderId\":\"o\",\"reason\":\"out_of_stock\"}")))
                    .isInstanceOf(CodecFailure.class);
        }

        @Test
        void a_class_name_in_the_json_is_never_used_to_pick_a_type() {
            var withClass = "{\"@class\":\"java.lang.ProcessBuilder\",\"note\":\"\",\"orderId\":\"o\",\"reason\":\"OUT_OF_STOCK\"}";

            assertThatThrownBy(() -> codec.decode(Stored.event(0, CANCELLED, withClass)))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("@class");
        }
    }

    @Nested
    class Upcasting {
        sealed interface Doc permits Doc.Note {
            record Note(String text, List<Integer> trail) implements Doc {}
        }

        private static final EventType NOTE_V1 = EventType.of("Note", 1);

        @Test
        void the_steps_run_in_version_order_whatever_order_they_were_registered_in() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 4)
                    .upcast("Note", 3, tree -> tree.put("text", tree.get("text").asString() + ">3"))
                    .upcast("Note", 1, tree -> tree.put("text", tree.get("text").asString() + ">1"))
                    .upcast("Note", 2, tree -> tree.put("text", tree.get("text").asString() + ">2"))
                    .build();

            assertThat(codec.decode(Stored.event(0, NOTE_V1, "{\"text\":\"v1\",\"trail\":[]}")))
                    .isEqualTo(new Doc.Note("v1>1>2>3", List.of()));
            assertThat(codec.decode(Stored.event(0, EventType.of("Note", 3), "{\"text\":\"v3\",\"trail\":[]}")))
                    .isEqualTo(new Doc.Note("v3>3", List.of()));
        }

        @Test
        void a_step_may_replace_the_tree_rather_than_change_it() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 2)
                    .upcast("Note", 1, tree -> tree.objectNode().put("text", tree.get("body").asString())
                            .set("trail", tree.arrayNode().add(1)))
                    .build();

            assertThat(codec.decode(Stored.event(0, NOTE_V1, "{\"body\":\"hello\"}")))
                    .isEqualTo(new Doc.Note("hello", List.of(1)));
        }

        @Test
        void a_step_that_needs_the_stored_event_gets_it() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 2)
                    .upcast("Note", 1, (tree, stored) -> tree.put("text", stored.eventId() + "@" + stored.recordedAt()))
                    .build();
            var stored = Stored.event(3, NOTE_V1, "{\"text\":\"\",\"trail\":[]}");

            assertThat(codec.decode(stored)).isEqualTo(new Doc.Note(stored.eventId() + "@" + Stored.RECORDED_AT, List.of()));
        }

        @Test
        void an_upcaster_that_throws_is_a_codec_failure_naming_the_step_and_position() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 2)
                    .upcast("Note", 1, tree -> {
                        throw new IllegalStateException("no body");
                    })
                    .build();

            assertThatThrownBy(() -> codec.decode(Stored.event(8, NOTE_V1, "{}")))
                    .isInstanceOfSatisfying(CodecFailure.class, e -> assertThat(e.typeName()).isEqualTo("Note"))
                    .hasMessageContaining("Note/v1 to v2").hasMessageContaining("position 8")
                    .hasMessageContaining("no body")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }

        @Test
        void an_upcaster_that_returns_null_is_a_codec_failure() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 2)
                    .upcast("Note", 1, tree -> null)
                    .build();

            assertThatThrownBy(() -> codec.decode(Stored.event(0, NOTE_V1, "{}")))
                    .isInstanceOf(CodecFailure.class).hasMessageContaining("null");
        }

        @Test
        void an_upcaster_that_leaves_the_tree_unlike_todays_record_is_a_codec_failure() {
            var codec = JsonEventCodec.builder(Doc.class)
                    .register(Doc.Note.class, "Note", 2)
                    .upcast("Note", 1, tree -> tree)
                    .build();

            assertThatThrownBy(() -> codec.decode(Stored.event(4, NOTE_V1, "{\"body\":\"hello\",\"trail\":[]}")))
                    .isInstanceOf(CodecFailure.class)
                    .hasMessageContaining("Note/v1 at position 4").hasMessageContaining("Note");
        }
    }
}
