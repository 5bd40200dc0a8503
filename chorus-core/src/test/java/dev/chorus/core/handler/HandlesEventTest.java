package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.handler.ShopEvent.OrderPaid;
import dev.chorus.core.handler.ShopEvent.OrderPlaced;
import dev.chorus.core.handler.ShopEvent.ShipmentRequested;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandlesEventTest {
    /** The same behaviour twice: once as annotated methods, once as a hand-written function. */
    static class Billing {
        @HandlesEvent
        void placed(OrderPlaced placed, HandlerContext context) {
            context.state().put("total/" + placed.orderId(), Integer.toString(placed.amount()).getBytes());
            context.append("invoice-" + placed.orderId(), ExpectedVersion.any(), new ShopCodec(),
                    List.of(new OrderPaid(placed.orderId())));
        }

        @HandlesEvent
        public void paid(OrderPaid paid, HandlerContext context) {
            context.state().put("paid/" + paid.orderId(), new byte[] {1});
        }
    }

    static EventHandler<ShopEvent> billingByHand() {
        var billing = new Billing();
        return (event, context) -> {
            switch (event) {
                case OrderPlaced placed -> billing.placed(placed, context);
                case OrderPaid paid -> billing.paid(paid, context);
                case ShipmentRequested ignored -> {}
            }
        };
    }

    private static List<Object> runOn(HandlerRegistration<ShopEvent> registration) throws InterruptedException {
        try (var fixture = new HandlerFixture()) {
            fixture.appendWithId("order-1", "0190f2a4-0000-7000-8000-000000000001", new OrderPlaced("1", 10));
            fixture.appendWithId("order-1", "0190f2a4-0000-7000-8000-000000000002", new OrderPaid("1"));
            fixture.appendWithId("order-2", "0190f2a4-0000-7000-8000-000000000003", new OrderPlaced("2", 20));
            fixture.awaitCaughtUp(fixture.start(registration));
            var everything = new ArrayList<Object>();
            everything.addAll(fixture.events.readAll(0, 1000));
            everything.addAll(fixture.state.scan("", 1000));
            return everything;
        }
    }

    @Nested
    class Registering_an_annotated_object {
        @Test
        void behaves_exactly_as_registering_the_same_code_by_hand() throws Exception {
            var codec = new ShopCodec();
            var annotated = runOn(HandlerRegistration.fromAnnotated("billing", ShopEvent.class, codec, new Billing()));
            var byHand = runOn(HandlerRegistration.of("billing", codec, billingByHand()));

            assertThat(annotated).isEqualTo(byHand);
            assertThat(annotated).hasSizeGreaterThan(6);
        }

        @Test
        void yields_an_ordinary_registration_with_the_defaults() {
            var registration = HandlerRegistration.fromAnnotated("billing", ShopEvent.class, new ShopCodec(),
                    new Billing());

            assertThat(registration.name()).isEqualTo("billing");
            assertThat(registration.retry()).isEqualTo(RetryPolicy.defaults());
            assertThat(registration.ordering()).isEqualTo(OrderingMode.continuePast());
        }

        @Test
        void calls_the_most_specific_method_and_ignores_events_no_method_takes() throws Exception {
            var calls = new ArrayList<String>();
            var target = new Object() {
                @HandlesEvent
                void any(ShopEvent event) {
                    calls.add("any " + event.orderId());
                }

                @HandlesEvent
                void placed(OrderPlaced placed) {
                    calls.add("placed " + placed.orderId());
                }
            };
            var handler = HandlerRegistration.fromAnnotated("h", ShopEvent.class, new ShopCodec(), target).handler();

            handler.handle(new OrderPlaced("1", 1), null);
            handler.handle(new OrderPaid("2"), null);

            assertThat(calls).containsExactly("placed 1", "any 2");
        }

        @Test
        void passes_on_the_methods_own_exception_for_the_retry_policy_to_judge() {
            var target = new Object() {
                @HandlesEvent
                void placed(OrderPlaced placed) {
                    throw new Transient("busy");
                }
            };
            var handler = HandlerRegistration.fromAnnotated("h", ShopEvent.class, new ShopCodec(), target).handler();

            assertThatThrownBy(() -> handler.handle(new OrderPlaced("1", 1), null)).isInstanceOf(Transient.class);
        }

        @Test
        void reads_only_the_methods_the_objects_class_declares() {
            class Inherited extends Billing {}

            assertThatThrownBy(() -> HandlerRegistration.fromAnnotated("h", ShopEvent.class, new ShopCodec(),
                    new Inherited())).isInstanceOf(BadHandlerMethod.class).hasMessageContaining("no @HandlesEvent");
        }
    }

    @Nested
    class Refusing_at_registration {
        private static BadHandlerMethod refusal(Object target) {
            var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(BadHandlerMethod.class,
                    () -> HandlerRegistration.fromAnnotated("h", ShopEvent.class, new ShopCodec(), target));
            assertThat(thrown).as("registration refused").isNotNull();
            return thrown;
        }

        @Test
        void an_object_without_handler_methods() {
            assertThat(refusal(new Object()).getMessage()).contains("has no @HandlesEvent method");
        }

        static final class Static {
            @HandlesEvent
            static void placed(OrderPlaced placed) {}
        }

        @Test
        void a_static_method() {
            var refused = refusal(new Static());
            assertThat(refused.method()).isEqualTo("placed");
            assertThat(refused.getMessage()).contains("is static");
        }

        @Test
        void a_method_that_returns_something() {
            var target = new Object() {
                @HandlesEvent
                String placed(OrderPlaced placed) {
                    return "";
                }
            };
            assertThat(refusal(target).getMessage()).contains("returns String");
        }

        @Test
        void a_method_without_parameters() {
            var target = new Object() {
                @HandlesEvent
                void placed() {}
            };
            assertThat(refusal(target).getMessage()).contains("takes 0 parameters");
        }

        @Test
        void a_method_with_three_parameters() {
            var target = new Object() {
                @HandlesEvent
                void placed(OrderPlaced placed, HandlerContext context, String extra) {}
            };
            assertThat(refusal(target).getMessage()).contains("takes 3 parameters");
        }

        @Test
        void a_second_parameter_other_than_the_context() {
            var target = new Object() {
                @HandlesEvent
                void placed(OrderPlaced placed, String context) {}
            };
            assertThat(refusal(target).getMessage()).contains("only second parameter a handler takes is HandlerContext");
        }

        @Test
        void an_event_parameter_the_codec_never_decodes() {
            var target = new Object() {
                @HandlesEvent
                void placed(String notAnEvent) {}
            };
            assertThat(refusal(target).getMessage()).contains("is not " + ShopEvent.class.getName());
        }

        @Test
        void two_methods_for_one_event_type() {
            var target = new Object() {
                @HandlesEvent
                void first(OrderPlaced placed) {}

                @HandlesEvent
                void second(OrderPlaced placed, HandlerContext context) {}
            };
            assertThat(refusal(target).getMessage()).contains("keep one method per event type");
        }

        sealed interface Ev permits Priced, Tracked {}

        sealed interface Priced extends Ev permits Both {}

        sealed interface Tracked extends Ev permits Both {}

        record Both() implements Priced, Tracked {}

        @Test
        void methods_that_match_one_event_type_equally_well() {
            var target = new Object() {
                @HandlesEvent
                void priced(Priced event) {}

                @HandlesEvent
                void tracked(Tracked event) {}
            };
            var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(BadHandlerMethod.class,
                    () -> HandlerRegistration.fromAnnotated("h", Ev.class, new dev.chorus.core.codec.EventCodec<Ev>() {
                        @Override
                        public dev.chorus.core.codec.EncodedEvent encode(Ev event) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public Ev decode(dev.chorus.core.RecordedEvent event) {
                            throw new UnsupportedOperationException();
                        }

                        @Override
                        public boolean knows(String typeName) {
                            return false;
                        }
                    }, target));
            assertThat(thrown).isNotNull();
            assertThat(thrown.getMessage()).contains(Both.class.getName()).contains("none is more specific");
        }
    }
}
