package dev.chorus.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.shop.contracts.InventoryEvent.StockAdded;
import dev.chorus.shop.contracts.ShopCodecs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a role's inbox refuses to import: facts of the shop's own types whose data the shop cannot read. */
class ShopImportCheckTest {
    private static ImportedEvent imported(EventType type, String json) {
        return new ImportedEvent("warehouse", new NewEvent(type, json.getBytes(StandardCharsets.UTF_8),
                Map.of(Metadata.EVENT_ID, "0190a0b0-0000-7000-8000-000000000001")));
    }

    @Test
    void a_fact_of_a_shop_type_whose_data_decodes_is_imported() {
        var encoded = ShopCodecs.ALL.encode(new StockAdded("sku-1", 5));

        assertThat(ShopProcess.unreadable(imported(encoded.type(), new String(encoded.data(), StandardCharsets.UTF_8))))
                .isEmpty();
    }

    @Test
    void a_fact_of_a_shop_type_with_data_missing_its_fields_is_refused_naming_the_type() {
        var type = ShopCodecs.ALL.encode(new StockAdded("sku-1", 5)).type();

        assertThat(ShopProcess.unreadable(imported(type, "{\"sku\":\"sku-1\"}")))
                .hasValueSatisfying(reason -> assertThat(reason).contains(type.name()));
    }

    @Test
    void a_fact_of_a_type_the_shop_does_not_know_is_left_to_the_accepted_types() {
        assertThat(ShopProcess.unreadable(imported(EventType.of("other.Thing", 1), "not json"))).isEmpty();
    }
}
