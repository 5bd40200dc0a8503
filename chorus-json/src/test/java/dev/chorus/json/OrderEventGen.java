package dev.chorus.json;

import dev.chorus.json.OrderEvent.ItemsAdded;
import dev.chorus.json.OrderEvent.Line;
import dev.chorus.json.OrderEvent.Money;
import dev.chorus.json.OrderEvent.OrderCancelled;
import dev.chorus.json.OrderEvent.OrderPlaced;
import dev.chorus.json.OrderEvent.PaymentRecorded;
import dev.chorus.json.OrderEvent.Reason;
import dev.chorus.testkit.property.Gen;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Generators of today's order events, leaning on the values that break codecs: odd text, huge and tiny numbers. */
final class OrderEventGen {
    /** Beyond {@link Gen#UNICODE}: quotes, backslashes, control characters, a BOM and a line separator. */
    static final Gen<String> TEXT = Gen.strings(Gen.UNICODE + "\"\\/\n\r\t\u0000\u001f\u007f\u2028\uFEFF", 0, 24);

    static final Gen<BigInteger> BIG_INTEGERS = random -> {
        var digits = Gen.strings("0123456789", 1, 60).next(random);
        var value = new BigInteger(digits);
        return random.nextBoolean() ? value.negate() : value;
    };

    /** Scales from -20 to 40: 1E+20 and 0.000…1 both, which must come back with the same scale. */
    static final Gen<BigDecimal> BIG_DECIMALS = random -> new BigDecimal(BIG_INTEGERS.next(random), random.nextInt(-20, 41));

    static final Gen<Double> DOUBLES = random -> switch (random.nextInt(4)) {
        case 0 -> Gen.oneOf(0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL, 0.1)
                .next(random);
        case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-300, 300));
        default -> {
            double any = Double.longBitsToDouble(random.nextLong());
            yield Double.isFinite(any) ? any : 1.0;
        }
    };

    static final Gen<Long> LONGS = random -> switch (random.nextInt(3)) {
        case 0 -> Gen.oneOf(0L, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1).next(random);
        default -> random.nextLong();
    };

    /** Years 1 to 9999, any nanosecond. */
    static final Gen<Instant> INSTANTS = random -> Instant.ofEpochSecond(
            random.nextLong(-62_135_596_800L, 253_402_300_800L), random.nextInt(1_000_000_000));

    static final Gen<OffsetDateTime> OFFSET_TIMES = random -> OffsetDateTime.ofInstant(INSTANTS.next(random),
            ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 15 * 60));

    static final Gen<Duration> DURATIONS = random -> Duration.ofSeconds(random.nextLong(-1_000_000_000_000L,
            1_000_000_000_000L), random.nextInt(1_000_000_000));

    static final Gen<OrderPlaced> PLACED = random -> new OrderPlaced(TEXT.next(random), TEXT.next(random),
            new Money(BIG_DECIMALS.next(random), TEXT.next(random)), INSTANTS.next(random));

    static final Gen<Line> LINES = random -> new Line(TEXT.next(random), random.nextInt(), BIG_DECIMALS.next(random));

    static final Gen<ItemsAdded> ITEMS_ADDED = random -> new ItemsAdded(TEXT.next(random), LINES.list(0, 5).next(random));

    static final Gen<OrderCancelled> CANCELLED = random -> new OrderCancelled(TEXT.next(random),
            Gen.oneOf(Reason.values()).next(random), TEXT.next(random));

    static final Gen<PaymentRecorded> PAYMENT = random -> new PaymentRecorded(TEXT.next(random),
            BIG_INTEGERS.next(random), BIG_DECIMALS.next(random), DOUBLES.next(random), LONGS.next(random),
            random.nextInt(), random.nextBoolean(), Gen.maps(TEXT, TEXT, 4).next(random), OFFSET_TIMES.next(random),
            DURATIONS.next(random));

    static final Gen<OrderEvent> ANY = Gen.frequencyOf(PLACED, ITEMS_ADDED, CANCELLED, PAYMENT);

    private OrderEventGen() {}
}
