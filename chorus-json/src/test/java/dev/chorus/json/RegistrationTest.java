package dev.chorus.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chorus.core.EventType;
import dev.chorus.core.ValidationError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the builder refuses, at start-up, so that no event is ever written that could not be read back. */
class RegistrationTest {
    sealed interface Shape permits Shape.Circle, Shape.Square, Shape.Polygon {
        record Circle(double radius) implements Shape {}

        record Square(double side) implements Shape {}

        sealed interface Polygon extends Shape permits Triangle, Hexagon {}

        record Triangle(double base, double height) implements Polygon {}

        record Hexagon(double side) implements Polygon {}
    }

    sealed interface Animal permits Animal.Dog, Animal.Wild {
        record Dog(String name) implements Animal {}

        non-sealed interface Wild extends Animal {}

        record Wolf(String pack) implements Wild {}
    }

    /** A class that is not a record. */
    static final class Mutable implements Animal.Wild {
        String name = "";
    }

    private static JsonEventCodec.Builder<Shape> allShapes() {
        return JsonEventCodec.builder(Shape.class)
                .register(Shape.Circle.class, "Circle", 1)
                .register(Shape.Square.class, "Square", 1)
                .register(Shape.Triangle.class, "Triangle", 1)
                .register(Shape.Hexagon.class, "Hexagon", 1);
    }

    @Nested
    class A_sealed_family {
        @Test
        void with_every_record_registered_builds() {
            var codec = allShapes().build();

            assertThat(codec.typeNames()).containsExactlyInAnyOrder("Circle", "Square", "Triangle", "Hexagon");
        }

        @Test
        void with_a_record_left_out_fails_naming_the_missing_record() {
            var builder = JsonEventCodec.builder(Shape.class)
                    .register(Shape.Circle.class, "Circle", 1)
                    .register(Shape.Triangle.class, "Triangle", 1)
                    .register(Shape.Hexagon.class, "Hexagon", 1);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("Shape.Square").hasMessageNotContaining("Shape.Circle");
        }

        @Test
        void with_records_of_a_nested_sealed_interface_left_out_fails_naming_each_of_them() {
            var builder = JsonEventCodec.builder(Shape.class)
                    .register(Shape.Circle.class, "Circle", 1)
                    .register(Shape.Square.class, "Square", 1);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("Shape.Triangle").hasMessageContaining("Shape.Hexagon");
        }

        @Test
        void with_a_non_sealed_branch_checks_only_the_closed_part_and_refuses_an_unregistered_record_on_encode() {
            var codec = JsonEventCodec.builder(Animal.class).register(Animal.Dog.class, "Dog", 1).build();

            assertThat(codec.encode(new Animal.Dog("Rex")).type()).isEqualTo(EventType.of("Dog", 1));
            assertThatThrownBy(() -> codec.encode(new Animal.Wolf("north")))
                    .isInstanceOfSatisfying(UnregisteredEventClass.class,
                            e -> assertThat(e.eventClass()).isEqualTo(Animal.Wolf.class));
        }

        @Test
        void without_its_closed_records_fails_even_when_an_open_branch_is_registered() {
            var builder = JsonEventCodec.builder(Animal.class).register(Animal.Wolf.class, "Wolf", 1);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class).hasMessageContaining("Animal.Dog");
        }
    }

    @Nested
    class A_registration {
        @Test
        void of_a_class_that_is_not_a_record_is_refused() {
            var builder = JsonEventCodec.builder(Animal.class);

            assertThatThrownBy(() -> builder.register(Mutable.class, "Mutable", 1))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("RegistrationTest.Mutable is not a record");
        }

        @Test
        @SuppressWarnings({"unchecked", "rawtypes"})
        void of_a_record_outside_the_family_is_refused_even_through_a_raw_type() {
            JsonEventCodec.Builder raw = JsonEventCodec.builder(Shape.class);

            assertThatThrownBy(() -> raw.register(Animal.Dog.class, "Dog", 1))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("Animal.Dog is not a RegistrationTest.Shape");
        }

        @Test
        void of_the_same_name_twice_is_refused() {
            var builder = JsonEventCodec.builder(Shape.class).register(Shape.Circle.class, "Round", 1);

            assertThatThrownBy(() -> builder.register(Shape.Square.class, "Round", 2))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("\"Round\" is registered twice")
                    .hasMessageContaining("Shape.Square");
        }

        @Test
        void of_the_same_record_twice_is_refused_even_under_another_name() {
            var builder = JsonEventCodec.builder(Shape.class).register(Shape.Circle.class, "Circle", 1);

            assertThatThrownBy(() -> builder.register(Shape.Circle.class, "Disc", 1))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("Shape.Circle is registered twice");
        }

        @Test
        void with_a_name_that_is_not_a_valid_event_type_name_or_a_version_below_1_is_refused() {
            var builder = JsonEventCodec.builder(Shape.class);

            assertThatThrownBy(() -> builder.register(Shape.Circle.class, "shape circle", 1))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("shape circle");
            assertThatThrownBy(() -> builder.register(Shape.Circle.class, "dev.chorus.Circle$1", 1))
                    .isInstanceOf(ValidationError.class);
            assertThatThrownBy(() -> builder.register(Shape.Circle.class, "Circle", 0))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("starts at 1");
        }

        @Test
        void of_nothing_at_all_is_refused() {
            assertThatThrownBy(() -> JsonEventCodec.builder(Object.class).build())
                    .isInstanceOf(ValidationError.class).hasMessageContaining("at least one");
        }
    }

    @Nested
    class An_upcaster_chain {
        private JsonEventCodec.Builder<Shape> circleAt(int version) {
            return JsonEventCodec.builder(Shape.class)
                    .register(Shape.Circle.class, "Circle", version)
                    .register(Shape.Square.class, "Square", 1)
                    .register(Shape.Triangle.class, "Triangle", 1)
                    .register(Shape.Hexagon.class, "Hexagon", 1);
        }

        @Test
        void from_v1_through_every_version_to_the_current_one_builds() {
            var codec = circleAt(3).upcast("Circle", 1, tree -> tree).upcast("Circle", 2, tree -> tree).build();

            assertThat(codec.canDecode(EventType.of("Circle", 1))).isTrue();
        }

        @Test
        void that_starts_after_v1_builds_and_reads_from_its_first_version() {
            var codec = circleAt(3).upcast("Circle", 2, tree -> tree).build();

            assertThat(codec.canDecode(EventType.of("Circle", 2))).isTrue();
            assertThat(codec.canDecode(EventType.of("Circle", 1))).isFalse();
        }

        @Test
        void with_a_gap_fails_naming_the_missing_step() {
            var builder = circleAt(4).upcast("Circle", 1, tree -> tree).upcast("Circle", 3, tree -> tree);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("Circle").hasMessageContaining("missing v2→v3");
        }

        @Test
        void that_stops_short_of_the_current_version_fails_naming_the_missing_steps() {
            var builder = circleAt(4).upcast("Circle", 1, tree -> tree);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class)
                    .hasMessageContaining("missing v2→v3, v3→v4");
        }

        @Test
        void from_the_current_version_or_beyond_fails_because_events_are_written_at_the_current_version() {
            assertThatThrownBy(() -> circleAt(2).upcast("Circle", 1, tree -> tree).upcast("Circle", 2, tree -> tree)
                    .build()).isInstanceOf(ValidationError.class).hasMessageContaining("Circle/v2");
            assertThatThrownBy(() -> circleAt(1).upcast("Circle", 5, tree -> tree).build())
                    .isInstanceOf(ValidationError.class).hasMessageContaining("Circle/v5");
        }

        @Test
        void for_a_name_no_record_is_registered_as_fails_naming_it() {
            var builder = circleAt(1).upcast("Ellipse", 1, tree -> tree);

            assertThatThrownBy(builder::build).isInstanceOf(ValidationError.class).hasMessageContaining("Ellipse");
        }

        @Test
        void with_two_steps_from_the_same_version_is_refused() {
            var builder = circleAt(2).upcast("Circle", 1, tree -> tree);

            assertThatThrownBy(() -> builder.upcast("Circle", 1, tree -> tree))
                    .isInstanceOf(ValidationError.class).hasMessageContaining("two upcasters from Circle/v1");
        }

        @Test
        void from_version_0_is_refused() {
            assertThatThrownBy(() -> circleAt(2).upcast("Circle", 0, tree -> tree))
                    .isInstanceOf(ValidationError.class);
        }
    }
}
