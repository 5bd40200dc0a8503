package dev.chorus.shop.payments;

import dev.chorus.core.codec.Codec;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ReadModel;
import dev.chorus.json.JsonCodec;
import dev.chorus.shop.contracts.PaymentEvent;
import dev.chorus.shop.contracts.PaymentEvent.CreditAccountOpened;
import dev.chorus.shop.contracts.PaymentEvent.CreditReleased;
import dev.chorus.shop.contracts.PaymentEvent.PaymentAuthorized;
import dev.chorus.shop.contracts.PaymentEvent.PaymentFailed;
import dev.chorus.shop.contracts.ShopCodecs;

/** Projection {@code payments.credit}: {@code credit/<customerId>} → {@link CreditView}. */
public final class CreditViews {
    public static final String NAME = "payments.credit";
    public static final Codec<CreditView> ROW = JsonCodec.of(CreditView.class);

    private CreditViews() {}

    public static String key(String customerId) {
        return "credit/" + customerId;
    }

    public static Projection<PaymentEvent> projection() {
        return Projection.of(NAME, ShopCodecs.PAYMENTS, (event, source, model) -> {
            switch (event) {
                case CreditAccountOpened opened -> model.put(key(opened.customerId()),
                        new CreditView(opened.customerId(), opened.creditLimit(), 0, opened.creditLimit()), ROW);
                case PaymentAuthorized authorized -> hold(model, authorized.customerId(), authorized.amount());
                case CreditReleased released -> hold(model, released.customerId(), -released.amount());
                case PaymentFailed failed -> { }
            }
        });
    }

    private static void hold(ReadModel model, String customerId, long amount) {
        model.get(key(customerId), ROW).ifPresent(row -> model.put(key(customerId), new CreditView(customerId,
                row.creditLimit(), row.authorized() + amount, row.available() - amount), ROW));
    }
}
