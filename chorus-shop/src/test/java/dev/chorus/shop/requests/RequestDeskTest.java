package dev.chorus.shop.requests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventImporter;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.UuidV7;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.core.handler.Handlers;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import dev.chorus.shop.contracts.ShopRequest;
import dev.chorus.shop.contracts.ShopRequest.RequestAccepted;
import dev.chorus.shop.contracts.ShopRequest.RequestRejected;
import dev.chorus.shop.contracts.ShopRequest.StockAdditionRequested;
import dev.chorus.shop.inventory.InventoryService;
import dev.chorus.shop.inventory.WarehouseDecider;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory's request desk: a request imported into its store is carried out once, and answered on its stream. */
class RequestDeskTest {
    private final InMemoryEventStore events = new InMemoryEventStore();
    private final InMemoryStateStore state = new InMemoryStateStore();
    private Handlers handlers;
    private InventoryService inventory;

    @BeforeEach
    void open() {
        handlers = Handlers.create(events, state, c -> { });
    }

    @AfterEach
    void close() {
        handlers.close();
        if (inventory != null) {
            inventory.close();
        }
    }

    private void startInventory() {
        var runtime = new ServiceRuntime(events, state, handlers, Clock.systemUTC(), Duration.ofSeconds(5));
        inventory = new InventoryService(runtime).start();
        handlers.start(ServiceDesks.inventory(inventory, events));
    }

    private RecordedEvent imported(ShopRequest.Command request) {
        var encoded = ShopCodecs.REQUESTS.encode(request);
        var metadata = new HashMap<String, String>();
        metadata.put(Metadata.EVENT_ID, UuidV7.next(Clock.systemUTC()).toString());
        metadata.put(EventImporter.IMPORTED_FROM, "chorus.api");
        events.importEvents(List.of(new ImportedEvent(ShopRequest.streamOf(request.requestId()),
                new NewEvent(encoded.type(), encoded.data(), metadata))));
        return events.readStream(ShopRequest.streamOf(request.requestId())).getFirst();
    }

    private ShopRequest.Outcome outcomeOf(String requestId) throws InterruptedException {
        String stream = ShopRequest.streamOf(requestId);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.streamVersion(stream) < 1) {
            assertThat(System.nanoTime() - deadline).as("an outcome on %s", stream).isNegative();
            Thread.sleep(2);
        }
        var answers = events.readStream(stream);
        assertThat(answers).as("one request, one outcome").hasSize(2);
        return (ShopRequest.Outcome) ShopCodecs.REQUESTS.decode(answers.get(1));
    }

    @Test
    void a_request_is_carried_out_and_its_outcome_points_at_the_effect_caused_by_it() throws Exception {
        startInventory();
        var request = imported(new StockAdditionRequested("r-1", "sku-1", 5));

        var outcome = outcomeOf("r-1");

        assertThat(outcome).isInstanceOf(RequestAccepted.class);
        var accepted = (RequestAccepted) outcome;
        assertThat(accepted.streamId()).isEqualTo(WarehouseDecider.STREAM);
        var effect = events.readStream(WarehouseDecider.STREAM).get((int) accepted.version());
        assertThat(effect.causationId()).isEqualTo(request.eventId());
        assertThat(inventory.get("sku-1")).get().extracting(s -> s.available()).isEqualTo(5L);
    }

    @Test
    void a_redelivered_request_whose_effect_is_already_written_is_not_carried_out_twice() throws Exception {
        // given the desk ran the command and the process died before it wrote the outcome
        var request = imported(new StockAdditionRequested("r-2", "sku-2", 5));
        var loneRuntime = new ServiceRuntime(events, state, handlers, Clock.systemUTC(), Duration.ofSeconds(5));
        try (var before = new InventoryService(loneRuntime)) {
            before.addStock("sku-2", 5, MessageContext.causedBy(request));
        }

        // when the service starts again and the request is delivered again
        startInventory();
        var outcome = outcomeOf("r-2");

        // then the outcome points at the first run's effect, and the stock was added once
        assertThat(outcome).isInstanceOf(RequestAccepted.class);
        assertThat(inventory.get("sku-2")).get().extracting(s -> s.available()).isEqualTo(5L);
        assertThat(events.readStream(WarehouseDecider.STREAM)).hasSize(1);
    }

    @Test
    void a_refused_request_is_answered_with_the_rejection_and_changes_nothing() throws Exception {
        startInventory();
        imported(new StockAdditionRequested("r-3", "sku-3", 2_000_000_000));

        var outcome = outcomeOf("r-3");

        assertThat(outcome).isInstanceOfSatisfying(RequestRejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo("invalid-value");
            assertThat(rejected.details()).containsEntry("field", "quantity");
        });
        assertThat(events.readStream(WarehouseDecider.STREAM)).isEmpty();
    }

    @Test
    void a_request_already_answered_is_left_alone_when_it_is_delivered_again() throws Exception {
        // given a request carried out and answered
        startInventory();
        imported(new StockAdditionRequested("r-4", "sku-4", 1));
        outcomeOf("r-4");

        // when the desk forgets it handled it (its checkpoint and processed ids wiped) and reads it again
        handlers.close();
        state.commit(List.of(StateWrite.deletePrefix("handler/inventory.requests/"),
                StateWrite.deletePrefix("checkpoint/handler/inventory.requests")));
        handlers = Handlers.create(events, state, c -> { });
        var desk = handlers.start(ServiceDesks.inventory(inventory, events));
        long head = events.headPosition();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (desk.position() < head) {
            assertThat(System.nanoTime() - deadline).as("the desk reads the log again").isNegative();
            Thread.sleep(2);
        }

        // then nothing is written again, and nothing failed
        assertThat(handlers.deadLetters().list(DeadLetterQuery.pending())).isEmpty();
        assertThat(events.readStream(ShopRequest.streamOf("r-4"))).hasSize(2);
        assertThat(events.readStream(WarehouseDecider.STREAM)).hasSize(1);
        assertThat(events.headPosition()).isEqualTo(head);
    }
}
